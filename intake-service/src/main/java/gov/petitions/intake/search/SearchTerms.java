package gov.petitions.intake.search;

import gov.petitions.platform.problem.ProblemException;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A search query as typed, validated and cut into the terms every match must contain.
 *
 * <p>Chinese has no spaces, and people phrase one matter several ways: a petition saying 拖欠农民工工资 must be found
 * by 农民工工资被拖欠 and by 农民工 工资. So the query is cut at spaces and sentence punctuation, and a run of Chinese
 * is cut again at the grammatical particles that only glue words together (被 的 了 把 与 及 和: 农民工工资被拖欠 →
 * 农民工工资 + 拖欠); a petition matches when it contains <b>every</b> term as a substring, in any order. Pieces of a
 * single character left by that cut are dropped (they would match nearly everything). This beats trigram similarity
 * on such phrasing: 农民工工资被拖欠 and 拖欠农民工工资 share only 3 of 9 trigrams (word_similarity 0.33, far below
 * any useful threshold), while both of its terms occur in the petition. Similarity still ranks what matched.
 *
 * <p>{@link SearchNames.Catalogue#split} then cuts a term again where it holds a category or place name (肥东拖欠工资 →
 * 肥东 + 拖欠工资), so that each part may match a name or the text.
 *
 * <p>Everything else is literal: %, _, \, ', .*, ( are characters to find, never wildcards (they are escaped for
 * LIKE and the query reaches SQL only as a bound parameter).
 *
 * @param normalized the whole query, NFKC and lower-case, as the petition's search_text is
 * @param terms      what every match must contain, NFKC and lower-case, at most {@link #MAX_TERMS}
 */
public record SearchTerms(String normalized, List<String> terms) {

    public static final int MAX_LENGTH = 100;
    static final int MAX_TERMS = 10;

    // sentence punctuation separates terms; ASCII metacharacters other than , ; : ! ? " stay literal text to find
    private static final Pattern SEPARATORS = Pattern.compile("[\\s\\p{Z}。、，,；;：:！!？?“”\"‘’《》「」【】]+");
    private static final Set<Integer> PARTICLES = Set.of((int) '被', (int) '的', (int) '了', (int) '把', (int) '与',
            (int) '及', (int) '和');

    /** The query parameter, or a 400 problem: too long, control characters, nothing to search for. */
    public static SearchTerms parse(String q) {
        if (q == null || q.isBlank()) {
            throw ProblemException.badRequest("invalid-query", "Invalid query", "q must not be blank");
        }
        if (q.codePointCount(0, q.length()) > MAX_LENGTH) {
            throw ProblemException.badRequest("invalid-query", "Query too long",
                    "q must have at most " + MAX_LENGTH + " characters");
        }
        if (q.codePoints().anyMatch(c -> Character.getType(c) == Character.CONTROL
                || Character.getType(c) == Character.FORMAT || Character.getType(c) == Character.SURROGATE
                || Character.getType(c) == Character.UNASSIGNED || Character.getType(c) == Character.PRIVATE_USE)) {
            throw ProblemException.badRequest("invalid-query", "Invalid query",
                    "q must not contain control, format, private-use or unassigned characters");
        }
        String normalized = normalize(q).strip();
        Set<String> terms = new LinkedHashSet<>();
        for (String word : SEPARATORS.split(normalized)) {
            if (!word.isEmpty()) {
                terms.addAll(cutAtParticles(word));
            }
        }
        if (terms.isEmpty()) {
            throw ProblemException.badRequest("invalid-query", "Invalid query", "q has nothing to search for");
        }
        return new SearchTerms(normalized, List.copyOf(terms).subList(0, Math.min(terms.size(), MAX_TERMS)));
    }

    /** As the database's search_text column: NFKC, then lower-case. */
    public static String normalize(String text) {
        return Normalizer.normalize(text, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
    }

    /** The word itself when cutting leaves nothing of two characters or more (a query of one character stays). */
    private static List<String> cutAtParticles(String word) {
        List<String> pieces = new ArrayList<>();
        StringBuilder piece = new StringBuilder();
        word.codePoints().forEach(c -> {
            if (PARTICLES.contains(c)) {
                keep(pieces, piece);
            } else {
                piece.appendCodePoint(c);
            }
        });
        keep(pieces, piece);
        return pieces.isEmpty() ? List.of(word) : pieces;
    }

    private static void keep(List<String> pieces, StringBuilder piece) {
        if (piece.codePointCount(0, piece.length()) >= 2) {
            pieces.add(piece.toString());
        }
        piece.setLength(0);
    }

    /** A term as a LIKE pattern that finds it anywhere, its own %, _ and \ escaped (ESCAPE '\'). */
    public static String containsPattern(String text) {
        return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
    }
}

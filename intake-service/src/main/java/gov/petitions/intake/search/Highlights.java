package gov.petitions.intake.search;

import java.util.ArrayList;
import java.util.List;

/**
 * Highlighting as data, never markup: a text becomes fragments, each matched or not, and the console puts each in
 * a text node. The server never writes HTML, so a petition's own text (which may hold anything) cannot inject any.
 */
public final class Highlights {

    /** One piece of a highlighted text; hit: it is (part of) a searched term. */
    public record Fragment(String text, boolean hit) {
    }

    private Highlights() {
    }

    /** The whole text (a summary, at most 500 characters), its matches marked; empty for null. */
    public static List<Fragment> whole(String text, List<String> terms) {
        return text == null ? List.of() : fragments(text, marks(text, terms), 0, text.length());
    }

    /**
     * A window of the text around its first match (the petition's text may be long), "…" where it was cut; the
     * first characters when nothing in it matched, or empty when it matched nothing at all and the summary did.
     */
    public static List<Fragment> excerpt(String text, List<String> terms, int width) {
        if (text == null || text.isEmpty()) {
            return List.of();
        }
        boolean[] marks = marks(text, terms);
        int first = -1;
        for (int i = 0; i < marks.length && first < 0; i++) {
            if (marks[i]) {
                first = i;
            }
        }
        if (first < 0) {
            return List.of();
        }
        int from = Math.max(0, first - width / 3);
        int to = Math.min(text.length(), from + width);
        from = safe(text, from);
        to = safe(text, to);
        List<Fragment> out = new ArrayList<>();
        if (from > 0) {
            out.add(new Fragment("…", false));
        }
        out.addAll(fragments(text, marks, from, to));
        if (to < text.length()) {
            out.add(new Fragment("…", false));
        }
        return out;
    }

    /** Never cut a surrogate pair in two. */
    private static int safe(String text, int index) {
        return index > 0 && index < text.length() && Character.isLowSurrogate(text.charAt(index)) ? index - 1 : index;
    }

    /**
     * Which characters of the original text belong to a match. Matching runs on the normalised form (as the query
     * did in the database); each original character is normalised on its own so a match maps back to the
     * characters the reader sees (a full-width Ａ found by "a").
     */
    static boolean[] marks(String text, List<String> terms) {
        StringBuilder normalized = new StringBuilder();
        List<Integer> origin = new ArrayList<>(); // origin.get(i): the original index of normalized char i
        int i = 0;
        while (i < text.length()) {
            int next = text.offsetByCodePoints(i, 1);
            String n = SearchTerms.normalize(text.substring(i, next));
            for (int k = 0; k < n.length(); k++) {
                origin.add(i);
            }
            normalized.append(n);
            i = next;
        }
        boolean[] marks = new boolean[text.length()];
        String haystack = normalized.toString();
        for (String term : terms) {
            int at = haystack.indexOf(term);
            while (at >= 0) {
                int start = origin.get(at);
                int lastOrigin = origin.get(at + term.length() - 1);
                int end = lastOrigin < text.length() ? text.offsetByCodePoints(lastOrigin, 1) : text.length();
                for (int m = start; m < end; m++) {
                    marks[m] = true;
                }
                at = haystack.indexOf(term, at + term.length());
            }
        }
        return marks;
    }

    private static List<Fragment> fragments(String text, boolean[] marks, int from, int to) {
        List<Fragment> out = new ArrayList<>();
        int start = from;
        for (int i = from + 1; i <= to; i++) {
            if (i == to || marks[i] != marks[start]) {
                if (i > start) {
                    out.add(new Fragment(text.substring(start, i), marks[start]));
                }
                start = i;
            }
        }
        return out;
    }
}

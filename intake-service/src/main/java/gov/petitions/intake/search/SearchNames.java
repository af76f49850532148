package gov.petitions.intake.search;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import gov.petitions.intake.service.DivisionCatalog;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The names search matches besides a petition's own words (检索, issue #22): its category's (信访事项分类: the
 * catalogue's name and the other names of V14's category_search_name, such as 拖欠工资) and its place's, the whole
 * path of 行政区划 names from the province down (安徽省合肥市肥东县撮镇镇), from intake's {@link DivisionCatalog}.
 *
 * <p>Nothing is stored per petition: a query's terms are resolved here, when it runs, into the category codes and
 * the division code prefixes whose names contain them, and PostgreSQL matches those against the petition's own
 * category_code and location_code. So every petition, registered before this existed or a second ago, is found by
 * the names at once; there is nothing to backfill, and a rebuild only has to read the category names again
 * ({@link #refresh}). The price: a place is
 * named as the catalogue names it today (a renamed township is found by its new name only).
 */
@ApplicationScoped
public class SearchNames {

    /** The catalogue changes only by migration; read at most once a minute, like ActiveCategories. */
    private static final Duration FRESH = Duration.ofMinutes(1);

    /** A category as search names it: the catalogue's name and its other names (category_search_name). */
    public record CategoryNames(String code, String name, List<String> others) {
    }

    /** What a term matches besides the text: these categories, and every place whose code starts with a prefix. */
    public record Resolved(Set<String> categoryCodes, List<String> placePrefixes) {
    }

    private final EntityManager entityManager;
    private final DivisionCatalog divisions;
    private final LoadingCache<Boolean, Catalogue> catalogue;
    private volatile Places places;

    public SearchNames(EntityManager entityManager, DivisionCatalog divisions) {
        this.entityManager = entityManager;
        this.divisions = divisions;
        this.catalogue = Caffeine.newBuilder().maximumSize(1).expireAfterWrite(FRESH).build(ignored -> load());
    }

    /** The catalogue as it is now: categories read at most a minute ago, places as loaded at start. */
    public Catalogue catalogue() {
        return catalogue.get(Boolean.TRUE);
    }

    /**
     * Reads the categories' names again at the next search instead of up to a minute later: POST
     * /internal/search/rebuild calls it, so a name added to category_search_name by hand is in effect at once.
     */
    public void refresh() {
        catalogue.invalidateAll();
    }

    private Catalogue load() {
        if (places == null) {
            places = new Places(divisions.allNames());
        }
        @SuppressWarnings("unchecked")
        List<Object[]> rows = entityManager.createNativeQuery("""
                        select c.code, c.name_zh, coalesce(string_agg(n.name, '|' order by n.name), '')
                        from category c left join category_search_name n on n.category_code = c.code
                        group by c.code, c.name_zh order by c.code""")
                .getResultList();
        List<CategoryNames> categories = new ArrayList<>();
        for (Object[] row : rows) {
            String others = (String) row[2];
            categories.add(new CategoryNames((String) row[0], (String) row[1],
                    others.isEmpty() ? List.of() : List.of(others.split("\\|"))));
        }
        return new Catalogue(categories, places);
    }

    /** The names of one moment: every method answers from the same categories and places. */
    public static final class Catalogue {

        private final Map<String, CategoryNames> categories = new HashMap<>();
        private final Map<String, List<String>> normalizedCategoryNames = new HashMap<>();
        private final Places places;
        /** Names a run of Chinese is cut at (see {@link #split}); normalised. */
        private final Set<String> dictionary = new HashSet<>();
        private final int longest;

        Catalogue(List<CategoryNames> categories, Places places) {
            this.places = places;
            for (CategoryNames category : categories) {
                this.categories.put(category.code(), category);
                List<String> names = new ArrayList<>();
                names.add(SearchTerms.normalize(category.name()));
                category.others().forEach(other -> names.add(SearchTerms.normalize(other)));
                normalizedCategoryNames.put(category.code(), names);
                for (String name : names) {
                    // 劳动和社会保障(欠薪): the name and each part in or out of brackets
                    dictionary.add(name);
                    for (String part : name.split("[()（）]")) {
                        dictionary.add(part);
                    }
                }
            }
            dictionary.addAll(places.dictionary);
            dictionary.removeIf(word -> word.codePointCount(0, word.length()) < 2);
            this.longest = dictionary.stream().mapToInt(w -> w.codePointCount(0, w.length())).max().orElse(0);
        }

        /** For a unit test: the given categories and divisions. */
        static Catalogue of(List<CategoryNames> categories, Map<String, String> divisionNames) {
            return new Catalogue(categories, new Places(divisionNames));
        }

        /**
         * The query's terms, each run of Chinese cut again where it holds a category or place name: 肥东拖欠工资 →
         * 肥东 + 拖欠工资, as 肥东 拖欠工资 would be typed with a space. A term that is itself a name, or holds none,
         * stays whole. Cutting never loses a petition whose text held the whole term (it holds every piece too); it
         * only lets the pieces match the names apart. A single letter left between names is dropped, as at particles.
         */
        public SearchTerms split(SearchTerms terms) {
            Set<String> out = new LinkedHashSet<>();
            for (String term : terms.terms()) {
                out.addAll(cut(term));
            }
            List<String> all = List.copyOf(out);
            return new SearchTerms(terms.normalized(), all.subList(0, Math.min(all.size(), SearchTerms.MAX_TERMS)));
        }

        private List<String> cut(String term) {
            int[] cps = term.codePoints().toArray();
            if (dictionary.contains(term) || cps.length < 3) {
                return List.of(term);
            }
            List<String> pieces = new ArrayList<>();
            StringBuilder rest = new StringBuilder();
            int i = 0;
            while (i < cps.length) {
                int found = 0;
                for (int length = Math.min(longest, cps.length - i); length >= 2 && found == 0; length--) {
                    if (dictionary.contains(new String(cps, i, length))) {
                        found = length;
                    }
                }
                if (found == 0) {
                    rest.appendCodePoint(cps[i]);
                    i++;
                    continue;
                }
                keep(pieces, rest);
                pieces.add(new String(cps, i, found));
                i += found;
            }
            keep(pieces, rest);
            return pieces.isEmpty() ? List.of(term) : pieces;
        }

        /**
         * A piece of two characters or more; of one, only when it is not a letter: a lone 在 (去肥东) would match nearly
         * everything, but a % or a 5 (肥东%, 肥东5) was typed to be found and stays literal text every match must hold.
         */
        private static void keep(List<String> pieces, StringBuilder piece) {
            int count = piece.codePointCount(0, piece.length());
            if (count >= 2 || (count == 1 && !Character.isLetter(piece.codePointAt(0)))) {
                pieces.add(piece.toString());
            }
            piece.setLength(0);
        }

        /** The categories and places a (normalised) term names. */
        public Resolved resolve(String term) {
            Set<String> codes = new TreeSet<>();
            normalizedCategoryNames.forEach((code, names) -> {
                if (names.stream().anyMatch(name -> name.contains(term))) {
                    codes.add(code);
                }
            });
            return new Resolved(codes, places.prefixes(term));
        }

        public boolean categoryMatches(String code, List<String> terms) {
            List<String> names = normalizedCategoryNames.getOrDefault(code, List.of());
            return terms.stream().anyMatch(term -> names.stream().anyMatch(name -> name.contains(term)));
        }

        public boolean placeMatches(String locationCode, List<String> terms) {
            String path = places.normalizedPath.get(locationCode);
            return path != null && terms.stream().anyMatch(path::contains);
        }

        /**
         * The category's name as a hit shows it: the catalogue's name, then " · " and each other name that a term
         * matched (so the reader sees why a petition about 欠薪 came up for 拖欠工资); the code if unknown.
         */
        public String categoryLabel(String code, List<String> terms) {
            CategoryNames category = categories.get(code);
            if (category == null) {
                return code;
            }
            StringBuilder label = new StringBuilder(category.name());
            for (String other : category.others()) {
                String normalized = SearchTerms.normalize(other);
                if (terms.stream().anyMatch(normalized::contains)) {
                    label.append(" · ").append(other);
                }
            }
            return label.toString();
        }

        /** 安徽省合肥市肥东县撮镇镇: the names from the province down, as an address is written; the code if unknown. */
        public String placePath(String locationCode) {
            return places.path.getOrDefault(locationCode, locationCode);
        }
    }

    /** The province's divisions as paths of names, built once: the catalogue is read at start and never changes. */
    static final class Places {

        /** Dropped from a name for its short form (肥东县 → 肥东), which clerks type and {@link Catalogue#split} cuts at. */
        private static final List<String> SUFFIXES = List.of("街道办事处", "街道", "自治县", "自治州", "地区", "省", "市",
                "县", "区", "镇", "乡");

        private final Map<String, String> path = new HashMap<>();
        private final Map<String, String> normalizedPath = new HashMap<>();
        /** Each division's nearest ancestor the catalogue has (a province-administered county has no city). */
        private final Map<String, String> parent = new HashMap<>();
        private final List<String> codes;
        private final Set<String> dictionary = new HashSet<>();

        Places(Map<String, String> names) {
            codes = names.keySet().stream().sorted().toList();
            for (String code : codes) {
                StringBuilder full = new StringBuilder();
                String nearest = null;
                for (int length : new int[] {2, 4, 6, 9}) {
                    if (length > code.length()) {
                        break;
                    }
                    String ancestor = code.substring(0, length);
                    String name = names.get(ancestor);
                    if (name != null) {
                        full.append(name);
                        if (length < code.length()) {
                            nearest = ancestor;
                        }
                    }
                }
                path.put(code, full.toString());
                normalizedPath.put(code, SearchTerms.normalize(full.toString()));
                if (nearest != null) {
                    parent.put(code, nearest);
                }
                String name = SearchTerms.normalize(names.get(code));
                dictionary.add(name);
                for (String suffix : SUFFIXES) {
                    if (name.endsWith(suffix) && name.length() - suffix.length() >= 2) {
                        dictionary.add(name.substring(0, name.length() - suffix.length()));
                        break;
                    }
                }
            }
        }

        /**
         * The fewest code prefixes covering every division whose path holds the term: a division whose parent's path
         * already holds it is covered by the parent's prefix (合肥 → 3401, every county and township of 合肥市).
         */
        List<String> prefixes(String term) {
            List<String> prefixes = new ArrayList<>();
            for (String code : codes) {
                if (normalizedPath.get(code).contains(term)) {
                    String up = parent.get(code);
                    if (up == null || !normalizedPath.get(up).contains(term)) {
                        prefixes.add(code);
                    }
                }
            }
            return prefixes;
        }
    }
}

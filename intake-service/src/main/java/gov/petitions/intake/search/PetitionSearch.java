package gov.petitions.intake.search;

import gov.petitions.intake.Channel;
import gov.petitions.intake.Petition;
import gov.petitions.intake.search.Highlights.Fragment;
import gov.petitions.platform.security.CallerScope;
import gov.petitions.platform.security.CaseScope;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Full-text search of petitions (检索), scoped as every read of a petition is.
 *
 * <p>The database narrows by the caller's subtree (a superset of what they may see) and by the terms, through the
 * trigram index on search_text, and ranks; then every candidate goes through {@link CallerScope#maySee}, the very
 * check {@code GET /petitions/{id}} makes, recusal included, before it is counted or paged. So a caller never sees,
 * nor counts, a petition they could not open. The candidates are bounded ({@link #MAX_CANDIDATES}); past that the
 * answer says its total is a lower bound ("truncated") and asks for a narrower query.
 *
 * <p>Besides the petition's own words, a term matches the names of its category and of its place
 * ({@link SearchNames}: 拖欠工资, 肥东, 合肥市肥东县), resolved when the query runs into category codes and division
 * code prefixes; each term must match somewhere, in the text or in a name. A term found in the petition's own text
 * weighs 15 times one found only in a name, so a petition that says it ranks above one that is merely filed under it.
 *
 * <p>The case's current unit and state are not intake's: they come from search's read model of routing's and
 * supervision's topics ({@link CaseProjection}), which may lag them by the index lag. They filter and are shown, but
 * never decide what a caller may see: a stale read model can hide a case from a filter, never show one.
 */
@ApplicationScoped
public class PetitionSearch {

    /**
     * More matches than anyone reads (25 pages of 20): the query is too wide to be useful; the most recent this many
     * are ranked, and the answer says there were more (bench/results/scale-*-intake.md: ranking all of a common
     * word's matches cost seconds at a million petitions).
     */
    static final int MAX_CANDIDATES = 500;
    private static final int EXCERPT_WIDTH = 80;
    private static final int MAX_INLINE_PREFIXES = 16;
    private static final java.util.regex.Pattern DIGITS = java.util.regex.Pattern.compile("^[0-9]{2,9}$");

    private final EntityManager entityManager;
    private final SearchNames names;
    private final ZoneId zone;

    public PetitionSearch(EntityManager entityManager, SearchNames names, java.time.Clock clock) {
        this.entityManager = entityManager;
        this.names = names;
        this.zone = clock.getZone(); // China's: a day of registrations is a day in China
    }

    /**
     * What narrows the search besides the words; null (states: empty): not narrowed. location: already checked
     * against the subtree. unitCode and states are matched against search's read model, accusedUnitCode against the
     * petition's own recusal set.
     */
    public record Filters(String subtree, String categoryCode, Channel channel, LocalDate from, LocalDate to,
                          String trackingNumber, String unitCode, Set<CaseState> states, String accusedUnitCode) {

        public Filters {
            states = states == null ? Set.of() : Set.copyOf(states);
        }
    }

    /**
     * @param state    the case's state as search's read model last heard from supervision; null until it has
     * @param unitCode the unit routing last assigned the case to, as the read model last heard; null until it has
     * @param matchedIn    where a term of q matched: trackingNumber, summary, text, category, place (empty without q)
     * @param categoryName the category's name (then " · " and each other name of it a term matched), terms marked
     * @param placeName    the place's names from the province down (安徽省合肥市肥东县), terms marked
     */
    public record Hit(UUID petitionId, String trackingNumber, Channel channel, String categoryCode, String locationCode,
                      OffsetDateTime registeredAt, String state, String unitCode, double score,
                      boolean trackingNumberMatch, List<String> matchedIn, List<Fragment> summary,
                      List<Fragment> excerpt, List<Fragment> categoryName, List<Fragment> placeName) {
    }

    public record Results(long total, boolean truncated, int page, int size, List<Hit> items) {
    }

    /** terms: null when only the tracking number (filter) is searched for. */
    public Results search(CallerScope caller, SearchTerms typed, Filters filters, int page, int size) {
        SearchNames.Catalogue catalogue = names.catalogue();
        SearchTerms terms = typed == null ? null : catalogue.split(typed);
        StringBuilder sql = new StringBuilder("select p.id, p.location_code, array_to_string(array(select "
                + "jsonb_array_elements_text(coalesce(p.accused_unit_codes, '[]'::jsonb))), ','), ");
        Map<String, Object> parameters = new HashMap<>();
        List<String> where = new ArrayList<>();
        // the subtree as a range of codes in byte order, which the (location_code collate "C") index serves; LIKE
        // 'prefix%' cannot use a btree under the database's C.UTF-8 collation. ':' comes right after '9'
        where.add("(p.location_code collate \"C\") >= :subtreeFrom and (p.location_code collate \"C\") < :subtreeTo");
        parameters.put("subtreeFrom", filters.subtree());
        parameters.put("subtreeTo", filters.subtree() + ":");
        if (terms != null) {
            List<String> all = new ArrayList<>();
            List<String> inText = new ArrayList<>();
            List<String> inNames = new ArrayList<>();
            for (int i = 0; i < terms.terms().size(); i++) {
                String term = terms.terms().get(i);
                SearchNames.Resolved resolved = catalogue.resolve(term);
                if (resolved.placePrefixes().stream().anyMatch(filters.subtree()::startsWith)) {
                    // the term names a place holding the caller's whole subtree (安徽 at the province, 肥东 for
                    // 肥东县's clerk): every candidate matches it by its place, so it narrows nothing; left out of
                    // the statement (a text that also says it is not ranked up for it), else a query of only such
                    // terms would rank every petition in the subtree by word_similarity (2 s at 200,000)
                    continue;
                }
                String text = "p.search_text like :t" + i + " escape '\\'";
                parameters.put("t" + i, SearchTerms.containsPattern(term));
                List<String> named = new ArrayList<>();
                if (!resolved.categoryCodes().isEmpty()) {
                    named.add("p.category_code in (:c" + i + ")");
                    parameters.put("c" + i, List.copyOf(resolved.categoryCodes()));
                }
                named.addAll(placeConditions(resolved.placePrefixes(), "l" + i, parameters));
                inText.add("(case when " + text + " then 1 else 0 end)");
                if (named.isEmpty()) {
                    all.add(text);
                } else {
                    String name = String.join(" or ", named);
                    if (filters.categoryCode() == null || !resolved.categoryCodes().contains(filters.categoryCode())) {
                        all.add("(" + text + " or " + name + ")");
                    }
                    // else the term names the very category the filter asks for: every candidate matches it by its
                    // category's name, so it narrows nothing (it still ranks). Left out, the read model's filter can
                    // be met from indexes alone (工资 + 劳动和社会保障 + open cases: 69 → 13 ms at a million, V18)
                    inNames.add("(case when " + name + " then 1 else 0 end)");
                }
            }
            // rank: the tracking number; then the share of the terms the petition's own text holds (x3), so that
            // one saying all of them (>= 3) outranks any found only by names (at most 1 + 0.2); the whole query as
            // a phrase (in the summary more than in the text); how closely its trigrams fit some stretch of the
            // petition (word_similarity, 0-1); the share of terms its category or place names (x0.2, a tie-break
            // among equal texts); then recency (order by)
            int n = inText.size();
            if (n == 0) {
                // only terms every candidate matches: all of them, newest first (the registered_at index)
                sql.append("0.0 as score");
            } else {
                sql.append("(case when p.tracking_number = :exact then 10 else 0 end)"
                        + " + 3.0 * (" + String.join(" + ", inText) + ") / " + n
                        + " + (case when p.search_text like :phrase escape '\\' then 1 else 0 end)"
                        + " + (case when lower(normalize(p.summary, NFKC)) like :phrase escape '\\' then 0.5 else 0 end)"
                        + " + word_similarity(:query, p.search_text)"
                        + (inNames.isEmpty() ? "" : " + 0.2 * (" + String.join(" + ", inNames) + ") / " + n)
                        + " as score");
                parameters.put("exact", terms.normalized().toUpperCase(java.util.Locale.ROOT));
                parameters.put("phrase", SearchTerms.containsPattern(terms.normalized()));
                parameters.put("query", terms.normalized());
                // a tracking number typed into the search box finds its petition, whatever the text says
                if (!all.isEmpty()) {
                    where.add("(" + String.join(" and ", all) + " or p.tracking_number = :exact)");
                }
            }
        } else {
            sql.append("0.0 as score");
        }
        // the read model is joined inside the candidates' query only when it filters them, else to the candidates alone
        boolean modelFilters = filters.unitCode() != null || !filters.states().isEmpty();
        sql.append(modelFilters ? ", m.unit_code, m.state" : ", c.unit_code, c.state");
        if (filters.categoryCode() != null) {
            where.add("p.category_code = :category");
            parameters.put("category", filters.categoryCode());
        }
        if (filters.channel() != null) {
            where.add("p.channel = :channel");
            parameters.put("channel", filters.channel().name());
        }
        if (filters.from() != null) {
            where.add("p.registered_at >= :from");
            parameters.put("from", filters.from().atStartOfDay(zone).toOffsetDateTime());
        }
        if (filters.to() != null) {
            where.add("p.registered_at < :to");
            parameters.put("to", filters.to().plusDays(1).atStartOfDay(zone).toOffsetDateTime());
        }
        if (filters.trackingNumber() != null) {
            where.add("p.tracking_number = :trackingNumber");
            parameters.put("trackingNumber", filters.trackingNumber());
        }
        if (filters.unitCode() != null) {
            where.add("c.unit_code = :unit");
            parameters.put("unit", filters.unitCode());
        }
        if (!filters.states().isEmpty()) {
            where.add("c.state in (:states)");
            parameters.put("states", filters.states().stream().map(Enum::name).sorted().toList());
        }
        if (filters.accusedUnitCode() != null) {
            where.add("p.accused_unit_codes @> jsonb_build_array(cast(:accused as text))");
            parameters.put("accused", filters.accusedUnitCode());
        }
        // the read model only narrows: a petition it knows nothing of yet has no unit or state and is found by neither
        // the candidates are the most recent matches, at most MAX_CANDIDATES + 1, and only they are scored and ranked:
        // a common word matches a tenth of a province's petitions, and scoring them all to rank them would cost
        // seconds at a million. The database finds them either by walking registration time backwards (a common
        // term over a wide subtree) or through the trigram and subtree indexes (a rare term, a narrow subtree)
        if (modelFilters) {
            // the read model filters: the candidates are chosen from ids alone (the petition's (category, place,
            // time) index and the read model's (state) and (unit) indexes carry them, V18), so that of a city's
            // 7,000 petitions of a category only the few hundred in the asked state are read from the table
            sql.append(" from (select p.id, p.registered_at, c.unit_code, c.state from petition p"
                            + " join case_projection c on c.petition_id = p.id")
                    .append(" where ").append(String.join(" and ", where))
                    .append(" order by p.registered_at desc, p.id desc limit ").append(MAX_CANDIDATES + 1)
                    .append(") m join petition p on p.id = m.id");
        } else {
            sql.append(" from (select p.id, p.location_code, p.accused_unit_codes, p.registered_at, p.tracking_number,"
                            + " p.search_text, p.summary, p.category_code from petition p")
                    .append(" where ").append(String.join(" and ", where))
                    .append(" order by p.registered_at desc, p.id desc limit ").append(MAX_CANDIDATES + 1).append(") p")
                    .append(" left join case_projection c on c.petition_id = p.id");
        }
        sql.append(" order by score desc, p.registered_at desc, p.id");
        // a plan for these very terms and subtree, never the generic plan the driver's prepared statement settles on
        // after five runs: blind to the patterns, it picked a scan of the whole subtree (76 ms for a tracking
        // number at a million petitions, 0.1 ms with its own plan). And room for the bitmap of a city's matches to
        // stay exact: at the default 4 MB it went lossy and rechecked half a million rows (280 ms → 42 ms)
        entityManager.createNativeQuery("select set_config('plan_cache_mode', 'force_custom_plan', true), "
                + "set_config('work_mem', '16MB', true)").getSingleResult();
        Query query = entityManager.createNativeQuery(sql.toString());
        parameters.forEach(query::setParameter);
        @SuppressWarnings("unchecked")
        List<Object[]> rows = query.getResultList();
        boolean truncated = rows.size() > MAX_CANDIDATES;

        // the one scope check, the same as GET /petitions/{id}: jurisdiction and recusal (回避)
        List<Object[]> visible = new ArrayList<>();
        for (Object[] row : rows.subList(0, Math.min(rows.size(), MAX_CANDIDATES))) {
            String codes = (String) row[2];
            // no unit: the read model's unit may lag routing's, and a lagging copy must never be what lets a caller
            // see a case; location and accused units are intake's own, as GET /petitions/{id} reads them
            CaseScope scope = CaseScope.of((String) row[1], null,
                    codes.isEmpty() ? List.of() : Arrays.asList(codes.split(",")));
            if (caller.maySee(scope)) {
                visible.add(row);
            }
        }
        int from = (int) Math.min((long) page * size, visible.size());
        int to = Math.min(from + size, visible.size());
        List<Hit> items = new ArrayList<>();
        List<String> marked = terms == null ? List.of() : terms.terms();
        List<Object[]> shown = visible.subList(from, to);
        // the page's petitions in one statement, not one each (20 round trips on a full page)
        Map<Object, Petition> petitions = new HashMap<>();
        if (!shown.isEmpty()) {
            entityManager.createQuery("from Petition p where p.id in (:ids)", Petition.class)
                    .setParameter("ids", shown.stream().map(row -> (UUID) row[0]).toList())
                    .getResultList().forEach(p -> petitions.put(p.id, p));
        }
        for (Object[] row : shown) {
            Petition p = petitions.get(row[0]);
            double score = ((Number) row[3]).doubleValue();
            boolean exact = terms != null && p.trackingNumber.equals(parameters.get("exact"));
            items.add(new Hit(p.id, p.trackingNumber, p.channel, p.categoryCode, p.locationCode,
                    gov.petitions.platform.time.ChinaTime.inChina(p.registeredAt.toInstant()), (String) row[5],
                    (String) row[4],
                    Math.round(score * 1000) / 1000.0, exact || filters.trackingNumber() != null,
                    matchedIn(p, exact, marked, catalogue), Highlights.whole(p.summary, marked),
                    Highlights.excerpt(p.content, marked, EXCERPT_WIDTH),
                    Highlights.whole(catalogue.categoryLabel(p.categoryCode, marked), marked),
                    Highlights.whole(catalogue.placePath(p.locationCode), marked)));
        }
        return new Results(visible.size(), truncated, page, size, items);
    }

    /**
     * The places under the prefixes, as conditions on location_code. A few are written into the statement, each a
     * LIKE on a constant the location_code index (V14) serves; a bound pattern would leave a generic plan unable to
     * use it. Safe because a division code is digits only (DivisionCatalog refuses anything else; checked again
     * here). Many (街道 names hundreds of townships) go as one bound array instead.
     */
    private static List<String> placeConditions(List<String> prefixes, String name, Map<String, Object> parameters) {
        if (prefixes.isEmpty()) {
            return List.of();
        }
        if (!prefixes.stream().allMatch(prefix -> DIGITS.matcher(prefix).matches())) {
            throw new IllegalStateException("a division code that is not digits only");
        }
        if (prefixes.size() <= MAX_INLINE_PREFIXES) {
            return prefixes.stream().map(prefix -> "p.location_code like '" + prefix + "%'").toList();
        }
        parameters.put(name, "{" + String.join(",", prefixes.stream().map(prefix -> prefix + "%").toList()) + "}");
        return List.of("p.location_code like any(cast(:" + name + " as text[]))");
    }

    /** The fields a term matched in, by the same rules as the query: substrings of the normalised forms. */
    private static List<String> matchedIn(Petition p, boolean exact, List<String> terms, SearchNames.Catalogue names) {
        List<String> fields = new ArrayList<>();
        if (exact) {
            fields.add("trackingNumber");
        }
        if (terms.isEmpty()) {
            return fields;
        }
        if (holdsAny(p.summary, terms)) {
            fields.add("summary");
        }
        if (holdsAny(p.content, terms)) {
            fields.add("text");
        }
        if (names.categoryMatches(p.categoryCode, terms)) {
            fields.add("category");
        }
        if (names.placeMatches(p.locationCode, terms)) {
            fields.add("place");
        }
        return fields;
    }

    private static boolean holdsAny(String text, List<String> terms) {
        if (text == null) {
            return false;
        }
        String normalized = SearchTerms.normalize(text);
        return terms.stream().anyMatch(normalized::contains);
    }
}

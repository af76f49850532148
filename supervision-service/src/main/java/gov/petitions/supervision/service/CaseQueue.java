package gov.petitions.supervision.service;

import gov.petitions.platform.problem.ProblemException;
import gov.petitions.platform.security.CallerScope;
import gov.petitions.platform.security.Roles;
import gov.petitions.supervision.CaseStatus;
import gov.petitions.supervision.LedgerEntry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The queues of open cases (read model): a handler's unit, or a supervisor's or leader's jurisdiction, most urgent
 * deadline first. The scope and the recusal set are filtered in SQL, so no page, count or total tells of a hidden case.
 */
@ApplicationScoped
public class CaseQueue {

    /** The states a case is open in for the unit that holds it, when no status is asked for. */
    static final List<CaseStatus> OPEN = List.of(CaseStatus.ASSIGNED, CaseStatus.ACCEPTED, CaseStatus.EXTENDED);

    /** The enum's names, quoted: constants of the code, never input. */
    static final String OPEN_LITERALS = String.join(", ", OPEN.stream().map(s -> "'" + s.name() + "'").toList());

    /**
     * A division code's subtree ({@code :subtreeFrom} = the code) as a range in byte order: every code that starts with
     * it lies between the code and the code followed by {@link #SUBTREE_END}, ':' coming right after '9'. Division
     * codes are digits only (validated where they come in), so this is exactly {@code LIKE code || '%'}.
     */
    static final String SUBTREE = "(location_code collate \"C\") >= :subtreeFrom and (location_code collate \"C\") < :subtreeTo";
    static final String SUBTREE_END = ":";

    /** The deadline running in SQL: acceptance while assigned, handling after. */
    private static final String DUE = "(case when status = 'ASSIGNED' then acceptance_due_at else handling_due_at end)";

    private final EntityManager entityManager;
    private final Clock clock;

    public CaseQueue(EntityManager entityManager, Clock clock) {
        this.entityManager = entityManager;
        this.clock = clock;
    }

    /** What to list; null filters are not applied. */
    public record Filter(String status, Boolean overdue, String category, String level, Boolean repeat,
                         Boolean leaderReceived, String urgency) {
    }

    /**
     * TIME_LEFT: least time left on the running clock first (the clocks are already the urgency's); URGENCY: the most
     * urgent level first, each level by time left.
     */
    public enum Sort { TIME_LEFT, URGENCY }

    /** One page, the total of all pages, the moment "overdue" was judged at, and the page's cases' matters. */
    public record Page(List<LedgerEntry> items, long total, OffsetDateTime now, Map<UUID, Matter> matters) {

        public Matter matterOf(UUID petitionId) {
            return matters.getOrDefault(petitionId, Matter.NONE);
        }
    }

    /**
     * A case's part in one matter (同一事项归并, {@link CaseLinking}): a member names its lead, a lead counts its
     * members; a case in no matter has neither. Shown in the queue so that a list needs no call per case.
     */
    public record Matter(UUID leadPetitionId, String leadTrackingNumber, int linkedCases) {
        public static final Matter NONE = new Matter(null, null, 0);
    }

    /**
     * The rows a caller's queue holds under a filter, as SQL over {@code ledger_entry} with named parameters: the one
     * statement of scope, recusal and filters that the queue's pages and its export ({@link CaseExport}) share, so an
     * export can never hold a case the queue would not show. Bad filters are a 400 here, before anything is read.
     */
    public record Criteria(String where, Map<String, Object> params, OffsetDateTime now) {
    }

    /** Most urgent deadline first, then the oldest registration; the petition id makes the order total. */
    static final String ORDER = DUE + " asc nulls last, registered_at asc, petition_id";

    static final String URGENCY_ORDER = "case urgency when 'URGENT_SPECIAL' then 0 when 'URGENT' then 1 else 2 end, " + ORDER;

    public Criteria criteria(CallerScope scope, Filter filter) {
        StringBuilder where = new StringBuilder();
        Map<String, Object> params = new HashMap<>();
        if (scope.has(Roles.HANDLER) && !scope.has(Roles.SUPERVISOR) && !scope.has(Roles.LEADER)) {
            String unit = scope.requireUnit();
            // routing chose the unit knowing the accusation, so a case not yet known to accuse anyone shows here
            where.append("unit_code = :unit and not case_recuses(coalesce(accused_unit_codes, '{}'), :unit)");
            params.put("unit", unit);
        } else {
            String subtree = scope.subtree(); // 403 without a usable jurisdiction: never "everything"
            // the subtree as a range of codes in byte order, which an index answers: "LIKE '3413%'" cannot use one under
            // the databases' C.UTF-8 collation (V19), and a million cases were scanned for every page
            // most cases accuse no unit: they skip the recusal function, which a province's queue otherwise called for
            // every open case (30,000 calls, 100 ms, at a million cases)
            where.append(SUBTREE + " and accused_unit_codes is not null and (cardinality(accused_unit_codes) = 0"
                    + " or not case_recuses(accused_unit_codes, :jurisdiction))");
            params.put("subtreeFrom", subtree);
            params.put("subtreeTo", subtree + SUBTREE_END);
            params.put("jurisdiction", subtree);
        }
        if (filter.status() != null) {
            CaseStatus wanted;
            try {
                wanted = CaseStatus.valueOf(filter.status());
            } catch (IllegalArgumentException e) {
                throw ProblemException.badRequest("unknown-status", "Unknown status", filter.status() + " is not a case status");
            }
            where.append(" and status = :status");
            params.put("status", wanted.name());
        } else {
            // written out, not bound: the open cases' partial index (V19) is chosen only for this very predicate
            where.append(" and status in (" + OPEN_LITERALS + ")");
        }
        if (filter.category() != null) {
            where.append(" and category_code = :category");
            params.put("category", filter.category());
        }
        if (filter.level() != null) {
            where.append(" and level = :level");
            params.put("level", filter.level());
        }
        if (filter.urgency() != null) {
            where.append(" and urgency = :urgency");
            params.put("urgency", filter.urgency());
        }
        if (filter.repeat() != null) {
            where.append(" and is_repeat = :repeat");
            params.put("repeat", filter.repeat());
        }
        if (filter.leaderReceived() != null) {
            where.append(filter.leaderReceived() ? " and (received_by_leader is not null or leader_case)"
                    : " and received_by_leader is null and not leader_case");
        }
        OffsetDateTime now = OffsetDateTime.now(clock);
        if (filter.overdue() != null) {
            where.append(filter.overdue() ? " and " + DUE + " < :now" : " and (" + DUE + " >= :now or " + DUE + " is null)");
            params.put("now", now);
        }
        return new Criteria(where.toString(), params, now);
    }

    @Transactional
    public Page page(CallerScope scope, Filter filter, int page, int size) {
        return page(scope, filter, Sort.TIME_LEFT, page, size);
    }

    @Transactional
    public Page page(CallerScope scope, Filter filter, Sort sort, int page, int size) {
        Criteria criteria = criteria(scope, filter);
        String where = criteria.where();
        Map<String, Object> params = criteria.params();
        OffsetDateTime now = criteria.now();
        Query count = entityManager.createNativeQuery("select count(*) from ledger_entry where " + where);
        String order = sort == Sort.URGENCY ? URGENCY_ORDER : ORDER;
        // the page's ids first, from the open cases' covering index alone (no row read for the thousands a province's
        // queue holds), then only the page's rows
        Query select = entityManager.createNativeQuery("select * from ledger_entry where petition_id in ("
                + "select petition_id from ledger_entry where " + where + " order by " + order
                + " offset :pageStart limit :pageSize) order by " + order, LedgerEntry.class);
        params.forEach((name, value) -> {
            count.setParameter(name, value);
            select.setParameter(name, value);
        });
        long total = ((Number) count.getSingleResult()).longValue();
        @SuppressWarnings("unchecked")
        List<LedgerEntry> found = select.setParameter("pageStart", (long) page * size).setParameter("pageSize", size)
                .getResultList();
        return new Page(found, total, now, matters(found));
    }

    /** The open links of a page's cases, in two indexed statements (case_link_one_lead, case_link_lead). */
    private Map<UUID, Matter> matters(List<LedgerEntry> entries) {
        if (entries.isEmpty()) {
            return Map.of();
        }
        List<UUID> ids = entries.stream().map(e -> e.petitionId).toList();
        Map<UUID, Matter> matters = new java.util.HashMap<>();
        @SuppressWarnings("unchecked")
        List<Object[]> members = entityManager.createNativeQuery("select l.member_id, l.lead_id, e.tracking_number "
                        + "from case_link l join ledger_entry e on e.petition_id = l.lead_id "
                        + "where l.unlinked_at is null and l.member_id in (:ids)")
                .setParameter("ids", ids).getResultList();
        for (Object[] row : members) {
            matters.put((UUID) row[0], new Matter((UUID) row[1], (String) row[2], 0));
        }
        @SuppressWarnings("unchecked")
        List<Object[]> leads = entityManager.createNativeQuery("select lead_id, count(*) from case_link "
                        + "where unlinked_at is null and lead_id in (:ids) group by lead_id")
                .setParameter("ids", ids).getResultList();
        for (Object[] row : leads) {
            matters.put((UUID) row[0], new Matter(null, null, ((Number) row[1]).intValue()));
        }
        return matters;
    }
}

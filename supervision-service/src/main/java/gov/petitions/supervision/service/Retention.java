package gov.petitions.supervision.service;

import gov.petitions.platform.time.ChinaTime;
import gov.petitions.supervision.CaseStatus;
import gov.petitions.supervision.config.RetentionPeriods;
import gov.petitions.supervision.config.StatutoryDeadlines;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.OffsetDateTime;
import java.time.Period;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Which closed cases are past their retention period (docs/archiving.md), decided the same way when the job selects
 * them and again, under the case's ledger row lock, in the transaction that archives one.
 *
 * <p>Closed means a state nothing can follow any more once the review windows are over: {@code FINAL} (终结 after
 * re-review), {@code RE_REVIEW_REPLIED}, {@code NOT_ACCEPTED} (不予受理), and an answered case — {@code REPLIED},
 * {@code EVALUATED}, {@code REVIEW_REPLIED} — once its window to ask for a (re-)review
 * ({@code supervision.deadlines.review-window}, 30 days) is over, which it is long before any real retention period ends
 * (the check is there for a class configured shorter). The period runs from the case's last status change (the timeline's last entry that changed the state).
 * Never: an open, escalated or returned case, a case under review, the lead of a matter (同一事项) with a member still
 * open, a case already archived, a case of a permanent class.
 */
@ApplicationScoped
public class Retention {

    /** The states a case can be archived in. */
    public static final Set<CaseStatus> CLOSED = EnumSet.of(CaseStatus.FINAL, CaseStatus.RE_REVIEW_REPLIED,
            CaseStatus.NOT_ACCEPTED, CaseStatus.REPLIED, CaseStatus.EVALUATED, CaseStatus.REVIEW_REPLIED);

    /** Closed, unless the petitioner may still ask for a review (复查) or re-review (复核) within the window. */
    static final Set<CaseStatus> ANSWERED = EnumSet.of(CaseStatus.REPLIED, CaseStatus.EVALUATED, CaseStatus.REVIEW_REPLIED);

    private static final String CLOSED_SQL = CLOSED.stream().map(s -> "'" + s.name() + "'").collect(Collectors.joining(", "));

    /** What the decision needs of one ledger entry; the same query for a batch and for one case under its lock. */
    private static final String FACTS = """
            select e.petition_id, e.tracking_number, e.status, e.category_code,
                coalesce((select max(t.at) from timeline_event t where t.petition_id = e.petition_id
                          and t.from_status is distinct from t.to_status), e.closed_at, e.updated_at) as closed_at,
                (e.level = 'PROVINCE' or exists (select 1 from deadline d where d.petition_id = e.petition_id
                                                 and d.level = 'PROVINCE')) as province,
                (e.leader_case or e.received_by_leader is not null
                 or exists (select 1 from instruction i where i.petition_id = e.petition_id)
                 or exists (select 1 from minutes m where m.petition_id = e.petition_id)) as leader,
                exists (select 1 from case_link l join ledger_entry m on m.petition_id = l.member_id
                        where l.lead_id = e.petition_id and l.unlinked_at is null
                          and m.status not in (%s)) as leads_open_matter,
                exists (select 1 from archive_record a where a.petition_id = e.petition_id) as archived,
                e.version
            from ledger_entry e
            """.formatted(CLOSED_SQL);

    private final EntityManager entityManager;
    private final RetentionPeriods periods;
    private final StatutoryDeadlines deadlines;

    public Retention(EntityManager entityManager, RetentionPeriods periods, StatutoryDeadlines deadlines) {
        this.entityManager = entityManager;
        this.periods = periods;
        this.deadlines = deadlines;
    }

    /** One case's facts as the database holds them now. */
    public record Facts(UUID petitionId, String trackingNumber, CaseStatus status, String categoryCode,
                        OffsetDateTime closedAt, boolean province, boolean leader, boolean leadsOpenMatter,
                        boolean archived, long version) {
    }

    /** A case due for archiving: its class, period and the day the period ended. */
    public record Candidate(UUID petitionId, String trackingNumber, OffsetDateTime closedAt, String retentionClass,
                            Period period, OffsetDateTime dueAt, long version) {
    }

    /** The class the configuration gives a case (see {@link RetentionPeriods}). */
    public String classOf(Facts facts) {
        String byCategory = periods.categories().get(facts.categoryCode());
        if (byCategory != null) {
            return byCategory;
        }
        return facts.province() || facts.leader() ? periods.importantClass() : periods.defaultClass();
    }

    /** The case may be archived now, or why not (the reason an item is skipped). */
    public Decision decide(Facts facts, OffsetDateTime now) {
        if (facts.archived()) {
            return Decision.no("already archived");
        }
        if (!CLOSED.contains(facts.status())) {
            return Decision.no("not closed: " + facts.status());
        }
        if (ANSWERED.contains(facts.status()) && facts.closedAt().plus(deadlines.reviewWindow()).isAfter(now)) {
            return Decision.no("a review may still be requested until " + facts.closedAt().plus(deadlines.reviewWindow()));
        }
        if (facts.leadsOpenMatter()) {
            return Decision.no("lead case of a matter with an open member case");
        }
        String retentionClass = classOf(facts);
        Optional<Period> period = periods.period(retentionClass);
        if (period.isEmpty()) {
            return Decision.no("retention class " + retentionClass + " is permanent");
        }
        OffsetDateTime due = facts.closedAt().atZoneSameInstant(ChinaTime.CHINA).plus(period.get()).toOffsetDateTime();
        if (due.isAfter(now)) {
            return Decision.no("within retention until " + due);
        }
        return new Decision(new Candidate(facts.petitionId(), facts.trackingNumber(), facts.closedAt(), retentionClass,
                period.get(), due, facts.version()), null);
    }

    public record Decision(Candidate candidate, String whyNot) {
        static Decision no(String why) {
            return new Decision(null, why);
        }

        public boolean archive() {
            return candidate != null;
        }
    }

    /** The shortest period of any archived class: no case closed after now minus it can be due. */
    private Optional<Period> shortest() {
        return periods.classes().keySet().stream().map(periods::period).flatMap(Optional::stream)
                .min(java.util.Comparator.comparing(p -> java.time.LocalDate.of(2000, 1, 1).plus(p)));
    }

    /**
     * The next batch of due cases after {@code after} in petition id order (keyset paging), read in one short
     * transaction. {@code excludePending}: leave out the cases a run is still working on.
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public Batch due(OffsetDateTime now, UUID after, boolean excludePending) {
        Optional<Period> shortest = shortest();
        if (shortest.isEmpty()) {
            return new Batch(List.of(), null);
        }
        // a cheap bound first: updated_at is never before the last status change
        OffsetDateTime latest = now.atZoneSameInstant(ChinaTime.CHINA).minus(shortest.get()).toOffsetDateTime();
        var query = entityManager.createNativeQuery(FACTS
                        + " where e.status in (" + CLOSED_SQL + ") and e.updated_at < :latest"
                        + " and not exists (select 1 from archive_record a where a.petition_id = e.petition_id)"
                        + (excludePending ? " and not exists (select 1 from retention_item ri where ri.petition_id ="
                        + " e.petition_id and ri.state = 'PENDING')" : "")
                        + (after == null ? "" : " and e.petition_id > :after")
                        + " order by e.petition_id limit :limit")
                .setParameter("latest", latest)
                .setParameter("limit", periods.batchSize());
        if (after != null) {
            query.setParameter("after", after);
        }
        @SuppressWarnings("unchecked")
        List<Object[]> rows = query.getResultList();
        List<Candidate> due = new ArrayList<>();
        UUID last = null;
        for (Object[] row : rows) {
            Facts facts = facts(row);
            last = facts.petitionId();
            Decision decision = decide(facts, now);
            if (decision.archive()) {
                due.add(decision.candidate());
            }
        }
        return new Batch(due, rows.size() < periods.batchSize() ? null : last);
    }

    /** A page of due cases, and where the next page starts (null: none). */
    public record Batch(List<Candidate> due, UUID next) {
    }

    /** One case's facts, in the caller's transaction (after it locked the row, if it did). */
    public Optional<Facts> facts(UUID petitionId) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = entityManager.createNativeQuery(FACTS + " where e.petition_id = :id")
                .setParameter("id", petitionId).getResultList();
        return rows.stream().findFirst().map(Retention::facts);
    }

    private static Facts facts(Object[] r) {
        return new Facts((UUID) r[0], (String) r[1], CaseStatus.valueOf((String) r[2]), (String) r[3],
                FollowUpScanner.time(r[4]), Boolean.TRUE.equals(r[5]), Boolean.TRUE.equals(r[6]),
                Boolean.TRUE.equals(r[7]), Boolean.TRUE.equals(r[8]), ((Number) r[9]).longValue());
    }
}

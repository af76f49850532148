package gov.petitions.supervision.service;

import gov.petitions.platform.problem.ProblemException;
import gov.petitions.platform.security.CallerScope;
import gov.petitions.platform.security.CaseScope;
import gov.petitions.platform.security.Roles;
import gov.petitions.supervision.CallBack;
import gov.petitions.supervision.CaseStatus;
import gov.petitions.supervision.LedgerEntry;
import gov.petitions.supervision.config.CallBackSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import jakarta.transaction.Transactional;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAccessor;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The bureau's call-back (回访) after a unit's written reply, and the record of satisfaction it keeps with the
 * petitioner's own online evaluation. A reply is not a resolution: the call asks whether the petitioner is satisfied
 * and whether the matter was resolved in fact (实际解决). A poor outcome reopens the case at the unit that replied, once;
 * the second poor outcome there escalates it a level up. Every step goes through {@link CaseLedger} (timeline and
 * case.status-changed in the same transaction); this class decides which step.
 *
 * <p>A call-back task is not stored: it is due for every case in REPLIED or EVALUATED, with no review asked for, whose
 * latest reply has no concluding call (reached, or the last allowed try), {@code due-after} after the reply or at the
 * retry time of the last unanswered try. So it cannot be forgotten, nor created twice.
 */
@ApplicationScoped
public class CallBacks {

    /** The length a call's comment may have: a note of what was said, not a transcript. */
    public static final int COMMENT_LENGTH = 500;

    private final CaseLedger ledger;
    private final CallBackSettings settings;
    private final EntityManager entityManager;
    private final Clock clock;

    public CallBacks(CaseLedger ledger, CallBackSettings settings, EntityManager entityManager, Clock clock) {
        this.ledger = ledger;
        this.settings = settings;
        this.entityManager = entityManager;
        this.clock = clock;
    }

    /** What the caller heard: reached or not; if reached, the rating and whether the matter was resolved in fact. */
    public record Call(boolean reached, CallBack.Satisfaction satisfaction, Boolean resolved, String comment) {
    }

    /** A task of the queue: the case, its reply, when the call is due, and what the petitioner said online. */
    public record Task(UUID petitionId, String trackingNumber, String status, String unitCode, String categoryCode,
                       String locationCode, OffsetDateTime repliedAt, OffsetDateTime dueAt, boolean overdue, int tries,
                       String lastOutcome, String petitionerSatisfaction) {
    }

    public record Page(List<Task> items, long total) {
    }

    /**
     * Who may call back and record it: a supervisor or a clerk of the petition bureau whose jurisdiction holds the
     * case, never one inside its recusal set; a case whose accusation is not known yet is no jurisdiction's.
     */
    static boolean mayCallBack(CallerScope caller, LedgerEntry entry) {
        if (!(caller.has(Roles.SUPERVISOR) || caller.has(Roles.CLERK)) || caller.jurisdiction().isEmpty()
                || !entry.accusationKnown()) {
            return false;
        }
        String jurisdiction = caller.jurisdiction().get();
        CaseScope scope = entry.scope();
        return CaseScope.within(entry.locationCode, jurisdiction) && !scope.recuses(jurisdiction);
    }

    /** One try of the call-back, and what it does to the case. */
    @Transactional
    public CallBack record(UUID petitionId, CallerScope caller, CaseLedger.Actor actor, Call call) {
        LedgerEntry entry = LedgerEntry.findById(petitionId);
        if (entry == null || !mayCallBack(caller, entry)) {
            throw ProblemException.notFound("Case", "No case with petition id " + petitionId + " in your jurisdiction");
        }
        CaseLifecycle.CALL_BACK.check(entry);
        if (entry.reviewRequestedAt != null || entry.repliedAt == null) {
            // the petitioner took the review path: the reviewing units answer, the reply is not called back any more
            throw ProblemException.conflict("review-path", "The reply is under review",
                    "A review (复查) was requested; the unit's reply is not called back after that");
        }
        List<CallBack> tries = CallBack.calls(petitionId, entry.repliedAt);
        CallBack concluded = tries.stream().filter(t -> t.outcome != CallBack.Outcome.RETRY).findFirst().orElse(null);
        if (concluded != null) {
            throw ProblemException.conflict("already-called-back", "This reply was called back already",
                    "The reply of " + entry.repliedAt + " was called back (" + concluded.outcome + "); the next "
                            + "call-back follows the unit's next reply");
        }
        OffsetDateTime at = now();
        CallBack record = new CallBack();
        record.petitionId = petitionId;
        record.replyAt = entry.repliedAt;
        record.unitCode = entry.unitCode;
        record.source = CallBack.Source.CALL_BACK;
        record.attempt = tries.size() + 1;
        record.reached = call.reached();
        record.comment = call.comment() == null || call.comment().isBlank() ? null : call.comment().strip();
        record.recordedAt = at;
        record.recordedBy = actor.name();
        record.recordedByRole = actor.role();
        String tryNo = "try " + record.attempt + " of " + settings.maxAttempts();
        if (!call.reached()) {
            if (record.attempt < settings.maxAttempts()) {
                record.retryAt = at.plus(settings.retryAfter());
                record.outcome = CallBack.Outcome.RETRY;
                ledger.calledBack(entry, actor, entry.status, "call-back (回访) not reached, " + tryNo
                        + "; next try at " + record.retryAt, record.retryAt);
            } else {
                record.outcome = CallBack.Outcome.UNREACHABLE;
                ledger.calledBack(entry, actor, entry.status, "call-back (回访) not reached, " + tryNo
                        + ": given up (未联系上)", null);
            }
            record.persist();
            return record;
        }
        record.satisfaction = call.satisfaction();
        record.resolved = call.resolved();
        String heard = "call-back (回访): " + label(call.satisfaction()) + ", "
                + (call.resolved() ? "resolved in fact (已实际解决)" : "not resolved in fact (未实际解决)");
        boolean poor = call.satisfaction() == CallBack.Satisfaction.NOT_SATISFIED || !call.resolved();
        if (!poor) {
            record.outcome = CallBack.Outcome.CLOSED;
            ledger.calledBack(entry, actor, CaseStatus.EVALUATED, heard + "; closed", null);
        } else if (reopenedAt(petitionId, entry.unitCode) == 0) {
            record.outcome = CallBack.Outcome.REOPENED;
            ledger.reopen(entry, actor, heard + "; reopened at " + entry.unitCode + " (重新办理)");
        } else {
            record.outcome = CallBack.Outcome.ESCALATED;
            ledger.escalateUnresolved(entry, actor, heard + " again after it was reopened at " + entry.unitCode
                    + ": a level up (提级)");
        }
        record.persist();
        return record;
    }

    /** How often the case was reopened at the unit after a call-back: once only, then it goes up. */
    private static long reopenedAt(UUID petitionId, String unitCode) {
        return CallBack.count("petitionId = ?1 and unitCode = ?2 and outcome = ?3", petitionId, unitCode,
                CallBack.Outcome.REOPENED);
    }

    /**
     * The petitioner's own online evaluation (through intake), recorded on the ledger as before and in the same
     * record as the call-backs. It says nothing of whether the matter was resolved in fact, so the call-back still
     * follows, and the petitioner's own remedy against a poor answer is the review (复查) they may ask for.
     */
    @Transactional
    public LedgerEntry petitionerEvaluated(UUID petitionId, boolean satisfied, String comment) {
        LedgerEntry entry = ledger.evaluate(petitionId, satisfied, comment);
        CallBack record = new CallBack();
        record.petitionId = petitionId;
        record.replyAt = entry.reReviewRepliedAt != null ? entry.reReviewRepliedAt
                : entry.reviewRepliedAt != null ? entry.reviewRepliedAt : entry.repliedAt;
        record.unitCode = entry.reReviewUnitCode != null ? entry.reReviewUnitCode
                : entry.reviewUnitCode != null ? entry.reviewUnitCode : entry.replyUnitCode;
        if (record.replyAt == null || record.unitCode == null) {
            record.replyAt = record.replyAt == null ? now() : record.replyAt;
            record.unitCode = record.unitCode == null ? entry.unitCode : record.unitCode;
        }
        record.source = CallBack.Source.PETITIONER;
        record.attempt = 1 + (int) CallBack.count("petitionId = ?1 and replyAt = ?2 and source = ?3", petitionId,
                record.replyAt, CallBack.Source.PETITIONER);
        record.reached = true;
        record.satisfaction = satisfied ? CallBack.Satisfaction.SATISFIED : CallBack.Satisfaction.NOT_SATISFIED;
        record.comment = comment == null || comment.isBlank() ? null
                : comment.strip().length() <= COMMENT_LENGTH ? comment.strip() : comment.strip().substring(0, COMMENT_LENGTH);
        record.outcome = CallBack.Outcome.RECORDED;
        record.recordedAt = now();
        record.recordedBy = "petitioner";
        record.recordedByRole = "petitioner";
        record.persist();
        return entry;
    }

    /** A case's record, for whoever may see the case (else 404), and its task if one is due. */
    @Transactional
    public List<CallBack> history(UUID petitionId, CallerScope caller) {
        CaseAccess.visible(petitionId, caller);
        return CallBack.of(petitionId);
    }

    /** When the call-back of the case's latest reply is due, or null if none is due. */
    @Transactional
    public OffsetDateTime dueAt(LedgerEntry entry) {
        if (!CaseLifecycle.CALL_BACK.allowedFrom(entry.status) || entry.awaitingAssignment
                || entry.reviewRequestedAt != null || entry.repliedAt == null) {
            return null;
        }
        List<CallBack> tries = CallBack.calls(entry.petitionId, entry.repliedAt);
        if (tries.stream().anyMatch(t -> t.outcome != CallBack.Outcome.RETRY)) {
            return null;
        }
        return tries.isEmpty() ? entry.repliedAt.plus(settings.dueAfter()) : tries.get(tries.size() - 1).retryAt;
    }

    /**
     * The queue: {@code due} (open tasks, least time left first), {@code unreachable} (given up after the last try)
     * or {@code done} (the latest reply called back). Scope and recusal in SQL, as {@link CaseQueue} does, so no page
     * or total tells of a hidden case: a handler sees their unit's, a supervisor or clerk their jurisdiction's.
     */
    @Transactional
    public Page queue(CallerScope caller, String state, String category, int page, int size) {
        Map<String, Object> params = new HashMap<>();
        StringBuilder where = new StringBuilder("l.replied_at is not null and l.review_requested_at is null");
        if (caller.has(Roles.HANDLER) && !caller.has(Roles.SUPERVISOR) && !caller.has(Roles.CLERK)) {
            String unit = caller.requireUnit();
            where.append(" and l.unit_code = :unit and not case_recuses(coalesce(l.accused_unit_codes, '{}'), :unit)");
            params.put("unit", unit);
        } else {
            String subtree = caller.subtree(); // 403 without a usable jurisdiction: never "everything"
            where.append(" and l.location_code like :subtree and l.accused_unit_codes is not null"
                    + " and not case_recuses(l.accused_unit_codes, :jurisdiction)");
            params.put("subtree", subtree + "%");
            params.put("jurisdiction", subtree);
        }
        if (category != null) {
            where.append(" and l.category_code = :category");
            params.put("category", category);
        }
        where.append(switch (state) {
            case "due" -> " and l.status in ('REPLIED', 'EVALUATED') and not l.awaiting_assignment and t.concluded is null";
            case "unreachable" -> " and l.status in ('REPLIED', 'EVALUATED') and t.concluded = 'UNREACHABLE'";
            case "done" -> " and t.concluded in ('CLOSED', 'REOPENED', 'ESCALATED')";
            default -> throw ProblemException.badRequest("unknown-state", "Unknown state",
                    "state is one of due, unreachable, done");
        });
        String from = " from ledger_entry l cross join lateral (select"
                + "   (select count(*) from call_back c where c.petition_id = l.petition_id and c.reply_at = l.replied_at"
                + "      and c.source = 'CALL_BACK') as tries,"
                + "   (select max(c.retry_at) from call_back c where c.petition_id = l.petition_id"
                + "      and c.reply_at = l.replied_at and c.source = 'CALL_BACK' and c.outcome = 'RETRY') as retry_at,"
                + "   (select c.outcome from call_back c where c.petition_id = l.petition_id and c.reply_at = l.replied_at"
                + "      and c.source = 'CALL_BACK' and c.outcome <> 'RETRY' order by c.id desc limit 1) as concluded,"
                + "   (select c.outcome from call_back c where c.petition_id = l.petition_id and c.reply_at = l.replied_at"
                + "      and c.source = 'CALL_BACK' order by c.id desc limit 1) as last_outcome,"
                + "   (select c.satisfaction from call_back c where c.petition_id = l.petition_id and c.source = 'PETITIONER'"
                + "      and c.reply_at >= l.replied_at order by c.id desc limit 1) as petitioner) t"
                + " where " + where;
        String due = "coalesce(t.retry_at, l.replied_at + make_interval(secs => :dueAfter))";
        Query count = entityManager.createNativeQuery("select count(*)" + from);
        Query select = entityManager.createNativeQuery("select l.petition_id, l.tracking_number, l.status, l.unit_code,"
                + " l.category_code, l.location_code, l.replied_at, " + due + ", t.tries, t.last_outcome, t.petitioner"
                + from + " order by " + due + " asc, l.petition_id");
        params.forEach((name, value) -> {
            count.setParameter(name, value);
            select.setParameter(name, value);
        });
        select.setParameter("dueAfter", (double) settings.dueAfter().toSeconds());
        long total = ((Number) count.getSingleResult()).longValue();
        @SuppressWarnings("unchecked")
        List<Object[]> rows = select.setFirstResult(page * size).setMaxResults(size).getResultList();
        OffsetDateTime now = now();
        boolean open = state.equals("due");
        List<Task> items = rows.stream().map(r -> {
            OffsetDateTime dueAt = open ? time(r[7]) : null;
            return new Task(uuid(r[0]), (String) r[1], (String) r[2], (String) r[3], (String) r[4], (String) r[5],
                    time(r[6]), dueAt, dueAt != null && dueAt.isBefore(now), ((Number) r[8]).intValue(),
                    (String) r[9], (String) r[10]);
        }).toList();
        return new Page(items, total);
    }

    static String label(CallBack.Satisfaction satisfaction) {
        return switch (satisfaction) {
            case SATISFIED -> "satisfied (满意)";
            case BASICALLY_SATISFIED -> "basically satisfied (基本满意)";
            case NOT_SATISFIED -> "not satisfied (不满意)";
        };
    }

    static UUID uuid(Object value) {
        return value instanceof UUID u ? u : UUID.fromString(value.toString());
    }

    /** A timestamp from a native query, whatever type the driver chose for it. */
    static OffsetDateTime time(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof OffsetDateTime t) {
            return t;
        }
        if (value instanceof Timestamp t) {
            return t.toInstant().atOffset(ZoneOffset.UTC);
        }
        if (value instanceof Instant t) {
            return t.atOffset(ZoneOffset.UTC);
        }
        return Instant.from((TemporalAccessor) value).atOffset(ZoneOffset.UTC);
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock).truncatedTo(ChronoUnit.MILLIS);
    }
}

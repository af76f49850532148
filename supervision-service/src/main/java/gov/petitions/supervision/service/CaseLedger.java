package gov.petitions.supervision.service;

import gov.petitions.platform.outbox.Outbox;
import gov.petitions.platform.problem.ProblemException;
import gov.petitions.platform.security.CallerScope;
import gov.petitions.platform.time.ChinaTime;
import gov.petitions.supervision.CaseLink;
import gov.petitions.supervision.CaseStatus;
import gov.petitions.supervision.Deadline;
import gov.petitions.supervision.LedgerEntry;
import gov.petitions.supervision.TimelineEvent;
import gov.petitions.supervision.Urgency;
import gov.petitions.supervision.config.StatutoryDeadlines;
import gov.petitions.supervision.events.CaseAssigned;
import gov.petitions.supervision.events.CaseLinkedEvent;
import gov.petitions.supervision.events.CaseStatusChangedEvent;
import gov.petitions.supervision.events.CaseUnlinkedEvent;
import gov.petitions.supervision.events.CaseUrgencyChangedEvent;
import gov.petitions.supervision.events.DeadlineEvents;
import gov.petitions.supervision.events.PetitionRegistered;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Keeps the ledger (台账): every change of a case's state goes through here, is written to its timeline and
 * told as case.status-changed through the outbox, in the same transaction. What is added to a case without changing
 * its state goes through the sibling domain services — {@link Leadership} (instructions, minutes, dedicated teams,
 * follow-ups, told as case.leader-action) and {@link Supervision} (urging, told as case.urged) — which write the
 * timeline through {@link #note}.
 * A lead case's changes carry its member cases along (同一事项归并, {@link #join}, docs/linked-cases.md).
 * REST resources only translate. petition.registered and
 * case.assigned come on different topics, so either may arrive first: each creates the entry if it
 * is missing and never moves it backwards.
 */
@ApplicationScoped
public class CaseLedger {

    public static final String SYSTEM = "system";

    private final Outbox outbox;
    private final StatutoryDeadlines deadlines;
    private final DeadlineCalendar calendar;
    private final UrgencyPolicy urgency;
    private final Clock clock;

    public CaseLedger(Outbox outbox, StatutoryDeadlines deadlines, DeadlineCalendar calendar, UrgencyPolicy urgency,
                      Clock clock) {
        this.outbox = outbox;
        this.deadlines = deadlines;
        this.calendar = calendar;
        this.urgency = urgency;
        this.clock = clock;
    }

    public record Actor(String name, String role) {
        static final Actor SYSTEM_ACTOR = new Actor(SYSTEM, SYSTEM);
    }

    /** The petitioner acts through intake, which checked the tracking number and query code. */
    static final Actor PETITIONER = new Actor("petitioner", "petitioner");

    // ---------------------------------------------------------------- from events

    @Transactional(Transactional.TxType.MANDATORY)
    public void open(PetitionRegistered petition) {
        LedgerEntry entry = lockedToCreateOrExisting(petition.petitionId());
        // a repeat is the same person with the same matter (repeatOf); another matter of the same person is not
        boolean repeat = petition.repeatOf() != null;
        if (entry != null) {
            entry.personCount = petition.personCount();
            entry.repeat = repeat;
            entry.repeatOf = petition.repeatOf();
            entry.receivedByLeader = petition.receivedByLeader();
            entry.accusedUnitCodes = accused(petition);
            String channelBefore = entry.channel;
            entry.channel = petition.channel();
            LocalDate receivedOn = receivedOn(petition);
            boolean receiptKnownNow = receivedOn != null && !receivedOn.equals(entry.receivedOn);
            if (receiptKnownNow) {
                entry.receivedOn = receivedOn;
            }
            if (receiptKnownNow || !petition.channel().equals(channelBefore)) {
                // the assignment came first and started the clock knowing neither the channel nor the receipt: count it
                // again by the channel's calendar (a hotline's working days) and, for a letter, from receipt
                recountAcceptance(entry);
            }
            return;
        }
        entry = new LedgerEntry();
        entry.petitionId = petition.petitionId();
        entry.trackingNumber = petition.trackingNumber();
        entry.status = CaseStatus.REGISTERED;
        entry.categoryCode = petition.categoryCode();
        entry.locationCode = petition.locationCode();
        entry.personCount = petition.personCount();
        entry.channel = petition.channel();
        entry.repeat = repeat;
        entry.repeatOf = petition.repeatOf();
        entry.receivedByLeader = petition.receivedByLeader();
        entry.accusedUnitCodes = accused(petition);
        entry.registeredAt = petition.registeredAt();
        entry.receivedOn = receivedOn(petition);
        entry.urgency = urgency.levelFor(entry.categoryCode);
        // the 15 days (or the urgency's fewer) run from receipt, whoever ends up responsible: a letter registered late
        // has only what is left
        entry.acceptanceDueAt = calendar.due(receipt(entry), clocksOf(entry).acceptance(), petition.channel());
        entry.updatedAt = now();
        entry.persist();
        TimelineChain.opened(entry.petitionId);
        timeline(entry, null, CaseStatus.REGISTERED, Actor.SYSTEM_ACTOR, "registered");
        noteRuleUrgency(entry);
    }

    /** The advisory-lock space of "creating a case's ledger row" (the second key is the petition id's hash). */
    private static final int CREATING_CASE = 0x4c454447;

    /**
     * The case's ledger row, or null — and then this transaction alone may create it until it ends. Its registration
     * and its assignment come on two topics to two consumers that may both find no row at the same moment: both
     * inserting it failed one of them on the primary key (or deadlocked them), and with it the whole poll it was
     * applying (up to 200 events, then applied again one by one), which put the ledger seconds behind at 60
     * petitions/s and more. The one that finds no row takes a transaction-scoped advisory lock on the petition and
     * looks again: the other, if it was creating the row, has committed by then and the row is found.
     */
    private static LedgerEntry existingOrOursToCreate(UUID petitionId) {
        LedgerEntry entry = lockedForChange(petitionId);
        return entry != null ? entry : lockedToCreateOrExisting(petitionId);
    }

    /**
     * The same, for a caller that most likely finds no row (a registration usually comes before its assignment): the
     * advisory lock first, then one read, rather than a read, the lock and a second read.
     */
    private static LedgerEntry lockedToCreateOrExisting(UUID petitionId) {
        // no flush first: the lock reads no row, and the poll's earlier cases wait to go in one batch at its end
        LedgerEntry.getEntityManager().createNativeQuery("select pg_advisory_xact_lock(:space, hashtext(:id))")
                .setParameter("space", CREATING_CASE).setParameter("id", petitionId.toString())
                .setFlushMode(jakarta.persistence.FlushModeType.COMMIT).getResultList();
        return LedgerEntry.findById(petitionId);
    }

    /**
     * The case's ledger row read and locked as its timeline's chain locks it ({@link TimelineChain}), in one
     * statement: the change about to be made appends to the timeline, which then need not lock the row again.
     * Null if there is no row. A case this transaction holds already is read from the session.
     */
    private static LedgerEntry lockedForChange(UUID petitionId) {
        if (TimelineChain.holds(petitionId)) {
            return LedgerEntry.findById(petitionId);
        }
        // PESSIMISTIC_WRITE is FOR NO KEY UPDATE in Hibernate's PostgreSQL dialect. A load, not a native query: a
        // native query with an entity result resolves its result-set mapping from the driver's metadata on every
        // execution, which was a seventh of supervision's CPU in the benchmark's profile (issue 20)
        LedgerEntry entry = LedgerEntry.getEntityManager().find(LedgerEntry.class, petitionId,
                jakarta.persistence.LockModeType.PESSIMISTIC_WRITE);
        if (entry != null) {
            TimelineChain.locked(petitionId);
        }
        return entry;
    }

    /** A case that enters the ledger more urgent than NORMAL says why on its timeline: its category's rule. */
    private void noteRuleUrgency(LedgerEntry entry) {
        if (entry.urgency != Urgency.NORMAL) {
            timeline(entry, entry.status, entry.status, Actor.SYSTEM_ACTOR, "urgency " + entry.urgency.label()
                    + " by the rule for category " + entry.categoryCode);
        }
    }

    private UrgencyPolicy.Clocks clocksOf(LedgerEntry entry) {
        return urgency.clocks(entry.urgency);
    }

    /**
     * The day a letter was received (收信日期), China's date, if the event says; never after the day it was registered.
     */
    private static LocalDate receivedOn(PetitionRegistered petition) {
        if (petition.receivedOn() == null) {
            return null;
        }
        LocalDate registeredOn = ChinaTime.dateInChina(petition.registeredAt());
        return petition.receivedOn().isAfter(registeredOn) ? registeredOn : petition.receivedOn();
    }

    /**
     * When the statutory clocks counted from receipt start (《信访工作条例》: 15 days from receipt to decide on
     * acceptance): for a letter received before the day it was registered, the start of that day in China; else the
     * moment of registration.
     */
    static OffsetDateTime receipt(LedgerEntry entry) {
        if (entry.receivedOn != null && entry.registeredAt != null
                && entry.receivedOn.isBefore(ChinaTime.dateInChina(entry.registeredAt))) {
            return entry.receivedOn.atStartOfDay(ChinaTime.CHINA).toOffsetDateTime();
        }
        return entry.registeredAt;
    }

    /**
     * The registration (channel, receipt) became known after the first assignment started the acceptance clock: count
     * the 15 days again from receipt by the channel's calendar, while the first unit still has to decide.
     */
    private void recountAcceptance(LedgerEntry entry) {
        if (entry.assignmentSeq > 1 || (entry.status != CaseStatus.REGISTERED && entry.status != CaseStatus.ASSIGNED)) {
            return; // accepted, decided or escalated already: the unit's own clock runs now
        }
        entry.acceptanceDueAt = calendar.due(receipt(entry), clocksOf(entry).acceptance(), entry.channel);
        moveRunning(entry, Deadline.Clock.ACCEPTANCE, entry.acceptanceDueAt);
    }

    /** The running, not yet breached clock of the kind now falls due at {@code dueAt}, warned as its level says. */
    private void moveRunning(LedgerEntry entry, Deadline.Clock kind, OffsetDateTime dueAt) {
        List<Deadline> running = Deadline.list("petitionId = ?1 and clock = ?2 and stoppedAt is null and breachedAt is null",
                entry.petitionId, kind);
        OffsetDateTime now = now();
        for (Deadline deadline : running) {
            deadline.dueAt = dueAt;
            deadline.warnAt = dueAt.minus(warningBefore(entry, kind));
            if (deadline.warnedAt != null && deadline.warnAt.isAfter(now)) {
                deadline.warnedAt = null; // given more time than when it was warned: warned again before the new date
            }
        }
    }

    private static String[] accused(PetitionRegistered petition) {
        return petition.accusedUnitCodes() == null ? new String[0]
                : petition.accusedUnitCodes().stream().distinct().toArray(String[]::new);
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void assign(CaseAssigned assigned) {
        LedgerEntry entry = existingOrOursToCreate(assigned.petitionId());
        if (entry == null) {
            entry = new LedgerEntry();
            entry.petitionId = assigned.petitionId();
            entry.trackingNumber = assigned.trackingNumber();
            entry.categoryCode = assigned.categoryCode();
            entry.locationCode = assigned.locationCode();
            entry.personCount = 1;
            entry.registeredAt = assigned.registeredAt();
            entry.status = CaseStatus.REGISTERED;
            entry.urgency = urgency.levelFor(entry.categoryCode);
            entry.updatedAt = now();
            entry.persist();
            TimelineChain.opened(entry.petitionId);
            noteRuleUrgency(entry);
        } else if (assigned.sequence() <= entry.assignmentSeq) {
            return; // an older assignment than the one already applied
        }
        CaseStatus from = entry.status;
        boolean review = "REVIEW".equals(assigned.reason()) && from == CaseStatus.REVIEW_REQUESTED;
        boolean reReview = "RE_REVIEW".equals(assigned.reason()) && from == CaseStatus.RE_REVIEW_REQUESTED;
        if (!review && !reReview && ("REVIEW".equals(assigned.reason()) || "RE_REVIEW".equals(assigned.reason()))) {
            // a review's assignment for a case not waiting for one must not start it over as a new matter
            Log.warnf("Case %s: ignored assignment %d (%s) in state %s", entry.petitionId, assigned.sequence(),
                    assigned.reason(), from);
            return;
        }
        // a case never assigned before has had no clock running and belongs to no matter (only an assigned case can
        // be linked): its first assignment, nearly every one, reads neither
        if (entry.assignmentSeq > 0) {
            // routing moved this case itself (a reassignment): it is worked on its own from now on
            leaveMatter(entry, Actor.SYSTEM_ACTOR, CaseLink.Cause.REASSIGNED,
                    "assigned on its own to " + assigned.unit().name() + " (" + assigned.reason() + ")");
            stopClocks(entry);
        }
        entry.awaitingAssignment = false;
        entry.unitCode = assigned.unit().code();
        entry.level = assigned.level();
        entry.assignedAt = assigned.assignedAt();
        entry.assignmentSeq = assigned.sequence();
        if (review || reReview) {
            // the reviewing unit has 30 days to answer; the case stays in its review state
            OffsetDateTime due = calendar.due(assigned.assignedAt(), deadlines.reviewAnswer(), entry.channel);
            startClock(entry, review ? Deadline.Clock.REVIEW : Deadline.Clock.RE_REVIEW, due);
            change(entry, from, from, Actor.SYSTEM_ACTOR, (review ? "review (复查)" : "re-review (复核)") + " by "
                    + assigned.unit().name(), due);
            return;
        }
        entry.acceptedAt = null;
        entry.handlingDueAt = null;
        entry.extendedDays = null;
        // first assignment: 15 days (or the urgency's fewer) from receipt; a case escalated to a new unit gets its own
        entry.acceptanceDueAt = calendar.due(acceptanceStart(entry), clocksOf(entry).acceptance(), entry.channel);
        startClock(entry, Deadline.Clock.ACCEPTANCE, entry.acceptanceDueAt);
        change(entry, from, CaseStatus.ASSIGNED, Actor.SYSTEM_ACTOR,
                "assigned to " + assigned.unit().name() + " (" + assigned.reason() + ")", entry.acceptanceDueAt);
    }

    // ---------------------------------------------------------------- a unit's decisions

    @Transactional
    public LedgerEntry accept(UUID petitionId, CallerScope caller, Actor actor) {
        LedgerEntry entry = forUnit(petitionId, caller);
        checkWorkedOnItsOwn(entry, caller);
        CaseLifecycle.ACCEPT.check(entry);
        stopClocks(entry);
        entry.acceptedAt = now();
        entry.handlingDueAt = calendar.due(entry.acceptedAt, clocksOf(entry).handling(), entry.channel);
        startClock(entry, Deadline.Clock.HANDLING, entry.handlingDueAt);
        change(entry, entry.status, CaseStatus.ACCEPTED, actor, "accepted (受理)", entry.handlingDueAt);
        return entry;
    }

    @Transactional
    public LedgerEntry decline(UUID petitionId, CallerScope caller, Actor actor, String reason) {
        LedgerEntry entry = forUnit(petitionId, caller);
        checkWorkedOnItsOwn(entry, caller);
        CaseLifecycle.NOT_ACCEPT.check(entry);
        stopClocks(entry);
        entry.decisionReason = reason;
        entry.closedAt = now();
        entry.notAcceptedReason = reason;
        entry.notAcceptedUnitCode = entry.unitCode;
        entry.notAcceptedAt = entry.closedAt;
        change(entry, entry.status, CaseStatus.NOT_ACCEPTED, actor, reason, null);
        return entry;
    }

    @Transactional
    public LedgerEntry extend(UUID petitionId, CallerScope caller, Actor actor, int days, String reason) {
        LedgerEntry entry = forUnit(petitionId, caller);
        checkWorkedOnItsOwn(entry, caller);
        CaseLifecycle.checkNotAwaitingAssignment(entry);
        if (entry.status == CaseStatus.EXTENDED) {
            throw ProblemException.conflict("already-extended", "Already extended",
                    "A case can be extended once; it was extended by " + entry.extendedDays + " days");
        }
        CaseLifecycle.EXTEND.check(entry);
        Duration extension = Duration.ofDays(days);
        if (extension.compareTo(deadlines.maxExtension()) > 0) {
            throw ProblemException.badRequest("extension-too-long", "Extension too long",
                    "An extension is at most " + deadlines.maxExtension().toDays() + " days");
        }
        stopClocks(entry);
        entry.extendedDays = days;
        entry.extensionReason = reason;
        entry.handlingDueAt = calendar.due(entry.handlingDueAt, extension, entry.channel);
        startClock(entry, Deadline.Clock.HANDLING, entry.handlingDueAt);
        change(entry, entry.status, CaseStatus.EXTENDED, actor, "extended by " + days + " days: " + reason,
                entry.handlingDueAt);
        return entry;
    }

    @Transactional
    public LedgerEntry reply(UUID petitionId, CallerScope caller, Actor actor, String text) {
        LedgerEntry entry = forUnit(petitionId, caller);
        checkWorkedOnItsOwn(entry, caller);
        CaseLifecycle.REPLY.check(entry);
        CaseLifecycle.checkAnswerer(entry, entry.unitCode);
        stopClocks(entry);
        entry.satisfied = null;
        entry.evaluationComment = null;
        OffsetDateTime at = now();
        entry.closedAt = at;
        switch (entry.status) {
            case REVIEW_REQUESTED -> {
                entry.reviewReplyText = text;
                entry.reviewUnitCode = entry.unitCode;
                entry.reviewRepliedAt = at;
                change(entry, entry.status, CaseStatus.REVIEW_REPLIED, actor, "review answered (复查意见)", null);
            }
            case RE_REVIEW_REQUESTED -> {
                entry.reReviewReplyText = text;
                entry.reReviewUnitCode = entry.unitCode;
                entry.reReviewRepliedAt = at;
                change(entry, entry.status, CaseStatus.RE_REVIEW_REPLIED, actor, "re-review answered (复核意见)", null);
                // after re-review the same matter is not accepted again (终结)
                change(entry, CaseStatus.RE_REVIEW_REPLIED, CaseStatus.FINAL, Actor.SYSTEM_ACTOR,
                        "final after re-review (终结)", null);
            }
            default -> {
                entry.replyText = text;
                entry.replyUnitCode = entry.unitCode;
                entry.repliedAt = at;
                change(entry, entry.status, CaseStatus.REPLIED, actor, "written reply (书面答复)", null);
            }
        }
        return entry;
    }

    // ---------------------------------------------------------------- the petitioner's part

    @Transactional
    public LedgerEntry evaluate(UUID petitionId, boolean satisfied, String comment) {
        LedgerEntry entry = existing(petitionId);
        CaseLifecycle.EVALUATE.check(entry);
        entry.satisfied = satisfied;
        entry.evaluationComment = comment;
        entry.evaluatedAt = now();
        String what = satisfied ? "satisfied (满意)" : "not satisfied (不满意)";
        if (entry.status == CaseStatus.FINAL) {
            timeline(entry, CaseStatus.FINAL, CaseStatus.FINAL, PETITIONER, what);
        } else {
            change(entry, entry.status, CaseStatus.EVALUATED, PETITIONER, what, null);
        }
        return entry;
    }

    /** 复查 or 复核, whichever comes next, within its 30-day window; outside it, a clear refusal. */
    @Transactional
    public LedgerEntry requestReview(UUID petitionId, String reason) {
        LedgerEntry entry = existing(petitionId);
        CaseLifecycle.checkNotAwaitingAssignment(entry);
        OffsetDateTime at = now();
        if (entry.reviewRequestedAt == null) {
            CaseLifecycle.REQUEST_REVIEW.check(entry.status);
            checkWindow(entry.repliedAt, at, "review (复查)", "reply");
            entry.reviewRequestedAt = at;
            levelUp(entry, CaseStatus.REVIEW_REQUESTED, "REVIEW_REQUESTED", reason);
        } else if (entry.reReviewRequestedAt == null && entry.reviewRepliedAt != null) {
            CaseLifecycle.REQUEST_RE_REVIEW.check(entry.status);
            checkWindow(entry.reviewRepliedAt, at, "re-review (复核)", "review's answer");
            entry.reReviewRequestedAt = at;
            levelUp(entry, CaseStatus.RE_REVIEW_REQUESTED, "RE_REVIEW_REQUESTED", reason);
        } else if (entry.status == CaseStatus.FINAL) {
            throw ProblemException.conflict("final", "The matter is final",
                    "After re-review the same matter is not accepted again (终结)");
        } else {
            throw ProblemException.conflict("illegal-transition", "Not possible in the case's current state",
                    "The case is " + entry.status + "; a review can be requested after the answer");
        }
        return entry;
    }

    private void checkWindow(OffsetDateTime from, OffsetDateTime at, String what, String after) {
        if (from == null) {
            throw ProblemException.conflict("no-reply-yet", "Nothing to review yet", "There is no " + after + " yet");
        }
        OffsetDateTime closes = from.plus(deadlines.reviewWindow());
        if (at.isAfter(closes)) {
            throw ProblemException.conflict("window-closed", "Too late for a " + what,
                    "A " + what + " must be requested within " + deadlines.reviewWindow().toDays()
                            + " days of the " + after + "; the window closed at " + closes);
        }
    }

    private void levelUp(LedgerEntry entry, CaseStatus status, String reason, String note) {
        // this petitioner asks for a review of their own case: it leaves the matter and goes its own way
        leaveMatter(entry, PETITIONER, CaseLink.Cause.REVIEW_REQUESTED, "the petitioner requested a review");
        stopClocks(entry);
        // until routing assigns the review one level up, the case still names the unit that answered: nobody acts
        entry.awaitingAssignment = true;
        change(entry, entry.status, status, PETITIONER, truncate(note), null);
        outbox.record(new DeadlineEvents.EscalationRequested(entry.petitionId, entry.trackingNumber, reason,
                entry.unitCode, entry.level, now(), truncate(note)));
    }

    private static LedgerEntry existing(UUID petitionId) {
        LedgerEntry entry = LedgerEntry.findById(petitionId);
        if (entry == null) {
            throw ProblemException.notFound("Case", "No case with petition id " + petitionId);
        }
        return entry;
    }

    @Transactional
    public LedgerEntry requestEscalation(UUID petitionId, CallerScope caller, Actor actor, String reason) {
        LedgerEntry entry = forUnit(petitionId, caller);
        checkWorkedOnItsOwn(entry, caller);
        CaseLifecycle.REQUEST_ESCALATION.check(entry);
        escalate(entry, actor, "CANNOT_RESOLVE", reason);
        return entry;
    }

    // ---------------------------------------------------------------- urgency (a supervisor decides)

    /**
     * A supervisor who may supervise the case (else 404) sets how urgent it is, with a reason, while it is open (else
     * 409): the acceptance or handling clock running is counted again from where it started (receipt or the unit's
     * assignment, acceptance; an extension stays granted) by the level's clock, which never exceeds the statutory one,
     * and warned as the level says. Written to the timeline and told as case.urgency-changed, in one transaction.
     */
    @Transactional
    public LedgerEntry setUrgency(UUID petitionId, CallerScope supervisor, Actor actor, Urgency level, String reason) {
        LedgerEntry entry = CaseAccess.supervised(petitionId, supervisor);
        checkWorkedOnItsOwn(entry, supervisor);
        CaseLifecycle.SET_URGENCY.check(entry);
        Urgency before = entry.urgency;
        entry.urgency = level;
        entry.urgencySource = "SUPERVISOR";
        Deadline.Clock running = null;
        OffsetDateTime dueAt = null;
        switch (entry.status) {
            case REGISTERED, ASSIGNED -> {
                entry.acceptanceDueAt = calendar.due(acceptanceStart(entry), clocksOf(entry).acceptance(), entry.channel);
                moveRunning(entry, Deadline.Clock.ACCEPTANCE, entry.acceptanceDueAt);
                if (entry.status == CaseStatus.ASSIGNED) {
                    running = Deadline.Clock.ACCEPTANCE;
                    dueAt = entry.acceptanceDueAt;
                }
            }
            case ACCEPTED, EXTENDED -> {
                OffsetDateTime due = calendar.due(entry.acceptedAt, clocksOf(entry).handling(), entry.channel);
                if (entry.extendedDays != null) {
                    due = calendar.due(due, Duration.ofDays(entry.extendedDays), entry.channel);
                }
                entry.handlingDueAt = due;
                moveRunning(entry, Deadline.Clock.HANDLING, due);
                running = Deadline.Clock.HANDLING;
                dueAt = due;
            }
            default -> {
                // escalated: no clock runs until the unit a level up is assigned; its acceptance clock is this level's
            }
        }
        entry.updatedAt = now();
        String due = dueAt == null ? "" : "; " + running.name().toLowerCase() + " due "
                + dueAt.atZoneSameInstant(ChinaTime.CHINA).toOffsetDateTime();
        note(entry, actor, "urgency " + level.label() + ", was " + before.label() + due + ": " + reason);
        for (LedgerEntry member : membersInStep(entry, entry.status)) {
            // the matter has one urgency and one set of clocks: the lead's
            member.urgency = entry.urgency;
            member.urgencySource = entry.urgencySource;
            member.acceptanceDueAt = entry.acceptanceDueAt;
            member.handlingDueAt = entry.handlingDueAt;
            member.updatedAt = entry.updatedAt;
            note(member, actor, "urgency " + level.label() + " with lead case " + entry.trackingNumber);
        }
        // flush here so that a concurrent change shows as an OptimisticLockException of this call (409)
        LedgerEntry.getEntityManager().flush();
        String jurisdiction = supervisor.jurisdiction().orElse(null);
        outbox.record(new CaseUrgencyChangedEvent(entry.petitionId, entry.trackingNumber, entry.unitCode, entry.level,
                level.name(), before.name(), actor.role(), Supervision.levelOf(jurisdiction), jurisdiction,
                Supervision.withoutIdentifyingNumbers(reason), now(), running == null ? null : running.name(), dueAt));
        return entry;
    }

    // ---------------------------------------------------------------- after a call-back (CallBacks decides)

    /**
     * A call-back's outcome that leaves the case with the unit's answer: satisfied (the case moves to EVALUATED), or
     * not reached ({@code to} is the current state, {@code dueAt} the next try). Told as case.status-changed.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void calledBack(LedgerEntry entry, Actor actor, CaseStatus to, String reason, OffsetDateTime dueAt) {
        CaseLifecycle.CALL_BACK.check(entry);
        change(entry, entry.status, to, actor, reason, dueAt);
    }

    /**
     * 重新办理: the unit that replied handles the matter again. It accepted it before, so no new acceptance: the
     * handling clock starts afresh (the statutory 60 days, by the channel's calendar), with its one extension.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void reopen(LedgerEntry entry, Actor actor, String reason) {
        CaseLifecycle.REOPEN.check(entry);
        // this petitioner's call-back found the matter unresolved for them; the others' answer stands
        leaveMatter(entry, actor, CaseLink.Cause.CALL_BACK, reason);
        stopClocks(entry);
        entry.acceptedAt = now();
        entry.closedAt = null;
        entry.extendedDays = null;
        entry.extensionReason = null;
        entry.handlingDueAt = calendar.due(entry.acceptedAt, clocksOf(entry).handling(), entry.channel);
        startClock(entry, Deadline.Clock.HANDLING, entry.handlingDueAt);
        change(entry, entry.status, CaseStatus.ACCEPTED, actor, reason, entry.handlingDueAt);
    }

    /** The unit could not resolve it, though it was reopened there once: a level up, as a unit's own request would. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void escalateUnresolved(LedgerEntry entry, Actor actor, String note) {
        CaseLifecycle.ESCALATE_UNRESOLVED.check(entry);
        leaveMatter(entry, actor, CaseLink.Cause.CALL_BACK, note);
        escalate(entry, actor, "CANNOT_RESOLVE", note);
    }

    // ---------------------------------------------------------------- one matter, many petitioners (同一事项归并)

    /**
     * The lead's steps its members take with it: the unit's handling of the matter (assignment, acceptance or not, an
     * extension, the reply, escalation), from a state in which the matter is being handled ({@link #HANDLING}). What
     * follows the reply (evaluation, call-back, review, a reopening for the lead's petitioner) is each petitioner's own.
     */
    static final Set<CaseStatus> FOLLOWED = EnumSet.of(CaseStatus.ASSIGNED, CaseStatus.ACCEPTED,
            CaseStatus.NOT_ACCEPTED, CaseStatus.EXTENDED, CaseStatus.REPLIED, CaseStatus.ESCALATED, CaseStatus.RETURNED);

    static final Set<CaseStatus> HANDLING = EnumSet.of(CaseStatus.ASSIGNED, CaseStatus.ACCEPTED, CaseStatus.EXTENDED,
            CaseStatus.ESCALATED);

    /**
     * {@code member} joins the matter of {@code lead} (CaseLinking checked scope, recusal and states): its own clocks
     * stop, since the lead's clocks are the matter's; it takes the lead's unit, status, clocks and urgency; its timeline
     * and the lead's record it; case.linked tells the link (and notification the member's petitioner), and
     * case.status-changed the member's new status when it takes another one.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public CaseLink join(LedgerEntry lead, LedgerEntry member, Actor actor, String reason, String jurisdiction,
                         int matterCases) {
        stopClocks(member);
        OffsetDateTime at = now();
        CaseLink link = new CaseLink();
        link.leadId = lead.petitionId;
        link.memberId = member.petitionId;
        link.linkedAt = at;
        link.linkedBy = actor.name();
        link.linkedByRole = actor.role();
        link.reason = truncate(reason);
        link.persist();
        CaseStatus from = member.status;
        mirror(lead, member);
        member.status = lead.status;
        member.updatedAt = at;
        TimelineEvent event = timeline(member, from, lead.status, actor,
                "linked to lead case " + lead.trackingNumber + " (同一事项归并): " + reason);
        note(lead, actor, "case " + member.trackingNumber + " linked to this case (同一事项归并): " + reason);
        LedgerEntry.getEntityManager().flush();
        // case.linked tells the petitioner that their petition is handled with others of the same matter; a status the
        // member takes from the lead is a change of its own as well (its state and clock for every consumer), but the
        // same status again is not, and would tell the petitioner "accepted" twice. Never the staff's reason nor
        // another petitioner's case
        if (from != member.status) {
            outbox.record(new CaseStatusChangedEvent(member.petitionId, member.trackingNumber, from.name(),
                    member.status.name(), "handled together with the petitions of the same matter (同一事项归并)",
                    actor.role(), member.unitCode, event.at, runningDue(member)));
        }
        outbox.record(new CaseLinkedEvent(member.petitionId, member.trackingNumber, lead.petitionId,
                lead.trackingNumber, member.unitCode, member.level, member.status.name(), matterCases, actor.role(),
                Supervision.levelOf(jurisdiction), jurisdiction, Supervision.withoutIdentifyingNumbers(reason), at));
        return link;
    }

    /**
     * The member leaves the matter and is worked on its own again, at its current status and by the unit that holds it
     * (the lead's); when split by a clerk or supervisor, the time limit of its status runs on it again from where the
     * matter's stood. Recorded on both timelines, told as case.unlinked.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void leave(CaseLink link, LedgerEntry member, Actor actor, String reason, CaseLink.Cause cause,
                      String jurisdiction) {
        OffsetDateTime at = now();
        link.unlinkedAt = at;
        link.unlinkedBy = actor.name();
        link.unlinkedByRole = actor.role();
        link.unlinkReason = truncate(reason);
        link.unlinkCause = cause;
        LedgerEntry lead = LedgerEntry.findById(link.leadId);
        Deadline.Clock clock = null;
        OffsetDateTime dueAt = null;
        if (cause == CaseLink.Cause.SPLIT && !member.awaitingAssignment) {
            dueAt = runningDue(member);
            clock = dueAt == null ? null
                    : member.status == CaseStatus.ASSIGNED ? Deadline.Clock.ACCEPTANCE : Deadline.Clock.HANDLING;
            if (clock != null) {
                startClock(member, clock, dueAt);
            }
        }
        member.updatedAt = at;
        String why = cause.name().toLowerCase().replace('_', ' ') + ": " + reason;
        note(member, actor, "unlinked from lead case " + lead.trackingNumber + ", worked on its own (" + why + ")");
        note(lead, actor, "case " + member.trackingNumber + " unlinked from this case (" + why + ")");
        outbox.record(new CaseUnlinkedEvent(member.petitionId, member.trackingNumber, lead.petitionId,
                lead.trackingNumber, cause.name(), member.unitCode, member.level, member.status.name(), actor.role(),
                Supervision.levelOf(jurisdiction), jurisdiction,
                Supervision.withoutIdentifyingNumbers(reason == null || reason.isBlank() ? cause.name() : reason), at,
                clock == null ? null : clock.name(), dueAt));
    }

    /** The case's own path leaves the matter it is a member of, if it is one. */
    private void leaveMatter(LedgerEntry entry, Actor actor, CaseLink.Cause cause, String reason) {
        CaseLink.ofMember(entry.petitionId).ifPresent(link -> leave(link, entry, actor, reason, cause, null));
    }

    /**
     * A member case is worked only through its lead: a step taken on it directly is one 409 naming the lead (by its
     * tracking number only to a caller who may see the lead).
     */
    static void checkWorkedOnItsOwn(LedgerEntry entry, CallerScope caller) {
        CaseLink link = CaseLink.ofMember(entry.petitionId).orElse(null);
        if (link == null) {
            return;
        }
        LedgerEntry lead = LedgerEntry.findById(link.leadId);
        String which = lead != null && CaseAccess.maySee(caller, lead)
                ? "lead case " + lead.trackingNumber + " (" + lead.petitionId + ")" : "its lead case";
        throw ProblemException.conflict("handled-with-lead", "Handled with lead case",
                "This case is handled with " + which + ", by the lead's unit: act on the lead case, or unlink this "
                        + "case from it first (DELETE /cases/{leadId}/linked-cases/{id})");
    }

    /** The lead's members that stand where the lead stood ({@code status}); a member whose path left it is not one. */
    private static List<LedgerEntry> membersInStep(LedgerEntry lead, CaseStatus status) {
        List<CaseLink> links = CaseLink.ofLead(lead.petitionId);
        if (links.isEmpty()) {
            return List.of();
        }
        List<LedgerEntry> members = LedgerEntry.list("petitionId in ?1",
                links.stream().map(l -> l.memberId).toList());
        return members.stream().filter(m -> m.status == status).toList();
    }

    /** The member takes the lead's step: the same state and answer, its own timeline entry and case.status-changed. */
    private void follow(LedgerEntry lead, LedgerEntry member, CaseStatus from, CaseStatus to, Actor actor,
                        String reason, OffsetDateTime dueAt) {
        mirror(lead, member);
        switch (to) {
            case REPLIED -> {
                member.replyText = lead.replyText;
                member.replyUnitCode = lead.replyUnitCode;
                member.repliedAt = lead.repliedAt;
                member.satisfied = null;
                member.evaluationComment = null;
            }
            case NOT_ACCEPTED -> {
                member.notAcceptedReason = lead.notAcceptedReason;
                member.notAcceptedUnitCode = lead.notAcceptedUnitCode;
                member.notAcceptedAt = lead.notAcceptedAt;
            }
            default -> {
            }
        }
        member.status = to;
        member.updatedAt = now();
        TimelineEvent event = timeline(member, from, to, actor, "with lead case " + lead.trackingNumber + ": " + reason);
        LedgerEntry.getEntityManager().flush();
        outbox.record(new CaseStatusChangedEvent(member.petitionId, member.trackingNumber, from.name(), to.name(),
                truncate(reason), actor.role(), member.unitCode, event.at, dueAt));
    }

    /** What the matter's handling is, as the lead has it: unit, clocks, urgency, decisions. */
    private static void mirror(LedgerEntry lead, LedgerEntry member) {
        member.unitCode = lead.unitCode;
        member.level = lead.level;
        member.assignedAt = lead.assignedAt;
        member.acceptanceDueAt = lead.acceptanceDueAt;
        member.handlingDueAt = lead.handlingDueAt;
        member.acceptedAt = lead.acceptedAt;
        member.extendedDays = lead.extendedDays;
        member.extensionReason = lead.extensionReason;
        member.decisionReason = lead.decisionReason;
        member.closedAt = lead.closedAt;
        member.urgency = lead.urgency;
        member.urgencySource = lead.urgencySource;
        member.awaitingAssignment = lead.awaitingAssignment;
    }

    /** The time limit the case's status runs on: acceptance while assigned, handling while accepted or extended. */
    private static OffsetDateTime runningDue(LedgerEntry entry) {
        return switch (entry.status) {
            case ASSIGNED -> entry.acceptanceDueAt;
            case ACCEPTED, EXTENDED -> entry.handlingDueAt;
            default -> null;
        };
    }

    // ---------------------------------------------------------------- clocks

    @Transactional(Transactional.TxType.MANDATORY)
    public void warn(Deadline deadline, LedgerEntry entry) {
        deadline.warnedAt = now();
        outbox.record(new DeadlineEvents.Warning(entry.petitionId, entry.trackingNumber, deadline.clock.name(),
                deadline.unitCode, deadline.level, deadline.dueAt, deadline.warnedAt));
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void breach(Deadline deadline, LedgerEntry entry) {
        OffsetDateTime at = now();
        deadline.breachedAt = at;
        if (deadline.warnedAt == null) {
            deadline.warnedAt = at; // too late to warn: the breach says it all
        }
        outbox.record(new DeadlineEvents.Breached(entry.petitionId, entry.trackingNumber, deadline.clock.name(),
                deadline.unitCode, deadline.level, deadline.dueAt, at));
        boolean escalable = deadline.clock == Deadline.Clock.ACCEPTANCE || deadline.clock == Deadline.Clock.HANDLING;
        if (deadlines.escalateOnBreach() && escalable && deadline.unitCode.equals(entry.unitCode)
                && CaseLifecycle.ESCALATE_ON_BREACH.allowedFrom(entry.status)) {
            escalate(entry, Actor.SYSTEM_ACTOR, "DEADLINE_BREACHED",
                    deadline.clock.name().toLowerCase() + " deadline of " + deadline.dueAt + " missed");
        }
    }

    private void escalate(LedgerEntry entry, Actor actor, String reason, String note) {
        stopClocks(entry);
        entry.decisionReason = note;
        change(entry, entry.status, CaseStatus.ESCALATED, actor, reason + ": " + note, null);
        // the new assignment (case.assigned from routing) starts a fresh clock at the next level
        outbox.record(new DeadlineEvents.EscalationRequested(entry.petitionId, entry.trackingNumber, reason,
                entry.unitCode, entry.level, now(), note));
    }

    private void startClock(LedgerEntry entry, Deadline.Clock clock, OffsetDateTime dueAt) {
        Deadline deadline = new Deadline();
        deadline.petitionId = entry.petitionId;
        deadline.clock = clock;
        deadline.unitCode = entry.unitCode;
        deadline.level = entry.level;
        deadline.dueAt = dueAt;
        deadline.warnAt = dueAt.minus(warningBefore(entry, clock));
        deadline.persist();
    }

    /** Acceptance and handling are warned as the case's urgency says; a review's 30 days as the statute's clocks are. */
    private java.time.Duration warningBefore(LedgerEntry entry, Deadline.Clock clock) {
        boolean urgencyClock = clock == Deadline.Clock.ACCEPTANCE || clock == Deadline.Clock.HANDLING;
        return urgencyClock ? clocksOf(entry).warningBefore() : deadlines.warningBefore();
    }

    /** Where the unit's acceptance clock starts: receipt for the first unit, the assignment for a unit a level up. */
    private static OffsetDateTime acceptanceStart(LedgerEntry entry) {
        return entry.assignmentSeq <= 1 || entry.assignedAt == null ? receipt(entry) : entry.assignedAt;
    }

    private void stopClocks(LedgerEntry entry) {
        List<Deadline> running = Deadline.list("petitionId = ?1 and stoppedAt is null", entry.petitionId);
        OffsetDateTime at = now();
        running.forEach(d -> d.stoppedAt = at);
    }

    // ---------------------------------------------------------------- the record of it all

    /**
     * Something happened to the case that does not change its state (an instruction, minutes, urging, a follow-up's
     * report): written to its timeline with who did it. Whoever records it publishes its own event, if it has one.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void note(LedgerEntry entry, Actor actor, String text) {
        timeline(entry, entry.status, entry.status, actor, text);
    }

    private void change(LedgerEntry entry, CaseStatus from, CaseStatus to, Actor actor, String reason,
                        OffsetDateTime dueAt) {
        // asked before the append, which locks a row read earlier without its lock
        boolean current = TimelineChain.readUnderLock(entry.petitionId);
        entry.status = to;
        entry.updatedAt = now();
        TimelineEvent event = timeline(entry, from, to, actor, reason);
        if (!current) {
            // flush here so that a concurrent change shows as an OptimisticLockException of this call (409); a row
            // read under this transaction's lock (the consumers') has none to show, and its poll's rows go in batches
            LedgerEntry.getEntityManager().flush();
        }
        outbox.record(new CaseStatusChangedEvent(entry.petitionId, entry.trackingNumber,
                from == null ? null : from.name(), to.name(), truncate(reason), actor.role(), entry.unitCode,
                event.at, dueAt));
        if (from != null && HANDLING.contains(from) && FOLLOWED.contains(to)) {
            for (LedgerEntry member : membersInStep(entry, from)) {
                if (entry.unitCode != null && member.scope().recuses(entry.unitCode)) {
                    // the lead went to a unit this member accuses (linking checked the unit it had then): the member
                    // never comes before it, and stays where it is for the bureau to route (fail closed)
                    Log.warnf("Case %s leaves lead case %s: it accuses the lead's new unit", member.petitionId,
                            entry.petitionId);
                    CaseLink.ofMember(member.petitionId).ifPresent(link -> leave(link, member, Actor.SYSTEM_ACTOR,
                            "the lead case went to a unit this case accuses (回避)", CaseLink.Cause.REASSIGNED, null));
                    continue;
                }
                follow(entry, member, from, to, actor, reason, dueAt);
            }
        }
    }

    private TimelineEvent timeline(LedgerEntry entry, CaseStatus from, CaseStatus to, Actor actor, String reason) {
        TimelineEvent event = new TimelineEvent();
        event.petitionId = entry.petitionId;
        event.at = now();
        event.fromStatus = from;
        event.toStatus = to;
        event.actor = actor.name();
        event.actorRole = actor.role();
        event.unitCode = entry.unitCode;
        event.reason = truncate(reason);
        TimelineChain.append(event); // the next link of the case's hash chain, under its lock
        return event;
    }

    /**
     * A handler acts only on their unit's cases, never on one that recuses the unit; anything else does not exist
     * for them (404, not 403).
     */
    private static LedgerEntry forUnit(UUID petitionId, CallerScope caller) {
        LedgerEntry entry = LedgerEntry.findById(petitionId);
        if (entry == null || !CaseAccess.holds(caller, entry)) {
            throw ProblemException.notFound("Case", "No case with petition id " + petitionId + " in your unit's queue");
        }
        return entry;
    }

    private static String truncate(String text) {
        return text == null || text.length() <= 2000 ? text : text.substring(0, 2000);
    }

    /** Now by the service's one clock (China's zone), to the millisecond as PostgreSQL keeps it. */
    OffsetDateTime now() {
        return OffsetDateTime.now(clock).truncatedTo(ChronoUnit.MILLIS);
    }
}

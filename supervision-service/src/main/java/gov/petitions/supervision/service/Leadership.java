package gov.petitions.supervision.service;

import gov.petitions.platform.outbox.Outbox;
import gov.petitions.platform.problem.ProblemException;
import gov.petitions.platform.security.CallerScope;
import gov.petitions.platform.time.ChinaTime;
import gov.petitions.supervision.FollowUp;
import gov.petitions.supervision.Instruction;
import gov.petitions.supervision.LedgerEntry;
import gov.petitions.supervision.Minutes;
import gov.petitions.supervision.events.CaseLeaderActionEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * What leaders add to a case (领导包案): written instructions (批示), the minutes of a case received in person with its
 * dedicated team (纪要、专班) and follow-up dates, and the team's reports on them. Each is kept, written to the case's
 * timeline through the ledger and told as case.leader-action through the outbox, in one transaction. None changes the
 * case's state; the follow-up dates are reminded by {@link FollowUpScanner} (case.follow-up-due).
 */
@ApplicationScoped
public class Leadership {

    private final CaseLedger ledger;
    private final Outbox outbox;
    private final Clock clock;

    public Leadership(CaseLedger ledger, Outbox outbox, Clock clock) {
        this.ledger = ledger;
        this.outbox = outbox;
        this.clock = clock;
    }

    /** A case with what leaders added to it, for views. */
    public record Record(LedgerEntry entry, List<Instruction> instructions, Minutes minutes, List<FollowUp> followUps) {
    }

    /** 批示: a leader of the case's jurisdiction, any state. */
    @Transactional
    public Record instruct(UUID petitionId, CallerScope leader, CaseLedger.Actor actor, String text) {
        LedgerEntry entry = CaseAccess.supervised(petitionId, leader);
        Instruction instruction = new Instruction();
        instruction.petitionId = petitionId;
        instruction.leader = actor.name();
        instruction.text = text;
        instruction.givenAt = now();
        instruction.persist();
        ledger.note(entry, actor, "leader's instruction (批示): " + text);
        outbox.record(new CaseLeaderActionEvent(petitionId, entry.trackingNumber, CaseLeaderActionEvent.INSTRUCTED,
                actor.name(), actor.role(), entry.unitCode, entry.level, instruction.id, null, null, null,
                instruction.givenAt));
        return record(entry);
    }

    /** 纪要、专班: once per case; the follow-up dates are the team's, in order. */
    @Transactional
    public Record recordMinutes(UUID petitionId, CallerScope leader, CaseLedger.Actor actor, String summary,
                                List<String> team, List<OffsetDateTime> followUps) {
        LedgerEntry entry = CaseAccess.supervised(petitionId, leader);
        if (entry.leaderCase) {
            throw ProblemException.conflict("minutes-exist", "Minutes exist", "This case already has its minutes and team");
        }
        Minutes minutes = new Minutes();
        minutes.petitionId = petitionId;
        minutes.leader = actor.name();
        minutes.summary = summary;
        minutes.team = String.join("、", team);
        minutes.recordedAt = now();
        minutes.persist();
        List<CaseLeaderActionEvent.FollowUpRef> dates = new ArrayList<>();
        for (OffsetDateTime due : followUps.stream().sorted().toList()) {
            FollowUp followUp = new FollowUp();
            followUp.petitionId = petitionId;
            followUp.dueAt = due;
            followUp.persist();
            dates.add(new CaseLeaderActionEvent.FollowUpRef(followUp.id, followUp.dueAt));
        }
        entry.leaderCase = true;
        ledger.note(entry, actor, "minutes (纪要) and a dedicated team (专班): " + minutes.team);
        // the team's names stay out of the event, like the summary: the follow-up ids and dates are what others need
        outbox.record(new CaseLeaderActionEvent(petitionId, entry.trackingNumber,
                CaseLeaderActionEvent.MINUTES_RECORDED, actor.name(), actor.role(), entry.unitCode, entry.level, null,
                dates, null, null, minutes.recordedAt));
        return record(entry);
    }

    /** The team (or a leader or supervisor who may see the case) reports a follow-up done: once; it stops its reminders. */
    @Transactional
    public Record reportFollowUp(UUID petitionId, long followUpId, CallerScope caller, CaseLedger.Actor actor, String note) {
        LedgerEntry entry = CaseAccess.visible(petitionId, caller);
        // locked, so that a report and the reminder scanner (or a second report) do not both go through
        FollowUp followUp = FollowUp.<FollowUp>find("id = ?1 and petitionId = ?2", followUpId, petitionId)
                .withLock(LockModeType.PESSIMISTIC_WRITE).firstResult();
        if (followUp == null) {
            throw ProblemException.notFound("Follow-up", "No follow-up " + followUpId + " on this case");
        }
        if (followUp.doneAt != null) {
            throw ProblemException.conflict("follow-up-reported", "Already reported",
                    "Follow-up " + followUpId + " was reported done at " + ChinaTime.inChina(followUp.doneAt.toInstant()));
        }
        followUp.doneAt = now();
        followUp.note = note;
        followUp.reportedBy = actor.name();
        ledger.note(entry, actor, "follow-up (专班跟进) reported: " + note);
        // the leader of a follow-up is the one whose minutes set it, whoever of the team reports it
        Minutes minutes = Minutes.findById(petitionId);
        outbox.record(new CaseLeaderActionEvent(petitionId, entry.trackingNumber,
                CaseLeaderActionEvent.FOLLOW_UP_REPORTED, minutes.leader, actor.role(), entry.unitCode, entry.level,
                null, null, followUp.id, followUp.dueAt, followUp.doneAt));
        return record(entry);
    }

    /** What leaders added to a case the caller may see. */
    @Transactional
    public Record of(UUID petitionId, CallerScope caller) {
        return record(CaseAccess.visible(petitionId, caller));
    }

    private static Record record(LedgerEntry entry) {
        LedgerEntry.getEntityManager().flush();
        return new Record(entry, Instruction.of(entry.petitionId), Minutes.findById(entry.petitionId),
                FollowUp.of(entry.petitionId));
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock).truncatedTo(ChronoUnit.MILLIS);
    }
}

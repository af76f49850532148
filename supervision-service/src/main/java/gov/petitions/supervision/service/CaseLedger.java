package gov.petitions.supervision.service;

import gov.petitions.platform.outbox.Outbox;
import gov.petitions.supervision.CaseStatus;
import gov.petitions.supervision.LedgerEntry;
import gov.petitions.supervision.TimelineEvent;
import gov.petitions.supervision.config.StatutoryDeadlines;
import gov.petitions.supervision.messaging.CaseAssigned;
import gov.petitions.supervision.messaging.CaseStatusChangedEvent;
import gov.petitions.supervision.messaging.PetitionRegistered;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/**
 * Keeps the ledger (台账). petition.registered and case.assigned come on different topics, so either
 * may arrive first: each one creates the entry if it is missing and never moves it backwards.
 */
@ApplicationScoped
public class CaseLedger {

    private static final String SYSTEM = "system";

    private final Outbox outbox;
    private final StatutoryDeadlines deadlines;

    public CaseLedger(Outbox outbox, StatutoryDeadlines deadlines) {
        this.outbox = outbox;
        this.deadlines = deadlines;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void open(PetitionRegistered petition) {
        LedgerEntry entry = LedgerEntry.findById(petition.petitionId());
        if (entry != null) {
            entry.personCount = petition.personCount();
            return;
        }
        entry = new LedgerEntry();
        entry.petitionId = petition.petitionId();
        entry.trackingNumber = petition.trackingNumber();
        entry.status = CaseStatus.REGISTERED;
        entry.categoryCode = petition.categoryCode();
        entry.locationCode = petition.locationCode();
        entry.personCount = petition.personCount();
        entry.registeredAt = petition.registeredAt();
        // the 15 days run from receipt, whoever ends up responsible
        entry.acceptanceDueAt = petition.registeredAt().plus(deadlines.acceptance());
        entry.updatedAt = now();
        entry.persist();
        record(entry, null, CaseStatus.REGISTERED, null, "registered");
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void assign(CaseAssigned assigned) {
        LedgerEntry entry = LedgerEntry.findById(assigned.petitionId());
        if (entry == null) {
            entry = new LedgerEntry();
            entry.petitionId = assigned.petitionId();
            entry.trackingNumber = assigned.trackingNumber();
            entry.categoryCode = assigned.categoryCode();
            entry.locationCode = assigned.locationCode();
            entry.personCount = 1;
            entry.registeredAt = assigned.registeredAt();
            entry.status = CaseStatus.REGISTERED;
            entry.updatedAt = now();
            entry.persist();
        } else if (assigned.sequence() <= entry.assignmentSeq) {
            return; // an older assignment than the one already applied
        }
        CaseStatus from = entry.status;
        entry.status = CaseStatus.ASSIGNED;
        entry.unitCode = assigned.unit().code();
        entry.level = assigned.level();
        entry.assignedAt = assigned.assignedAt();
        entry.assignmentSeq = assigned.sequence();
        entry.handlingDueAt = null;
        // first assignment: 15 days from receipt; a case escalated to a new unit gets its own 15 days
        entry.acceptanceDueAt = (assigned.sequence() == 1 ? assigned.registeredAt() : assigned.assignedAt())
                .plus(deadlines.acceptance());
        entry.updatedAt = now();
        String reason = "assigned to " + assigned.unit().name() + " (" + assigned.reason() + ")";
        record(entry, from, CaseStatus.ASSIGNED, entry.acceptanceDueAt, reason);
    }

    private void record(LedgerEntry entry, CaseStatus from, CaseStatus to, OffsetDateTime dueAt, String reason) {
        TimelineEvent event = new TimelineEvent();
        event.petitionId = entry.petitionId;
        event.at = now();
        event.fromStatus = from;
        event.toStatus = to;
        event.actor = SYSTEM;
        event.actorRole = SYSTEM;
        event.unitCode = entry.unitCode;
        event.reason = reason;
        event.persist();
        if (entry.unitCode != null) {
            outbox.record(CaseStatusChangedEvent.TOPIC, CaseStatusChangedEvent.TYPE, entry.petitionId.toString(),
                    new CaseStatusChangedEvent(entry.petitionId, entry.trackingNumber,
                            from == null ? null : from.name(), to.name(), reason, SYSTEM, entry.unitCode, event.at,
                            dueAt),
                    CaseStatusChangedEvent.SCHEMA);
        }
    }

    private static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MILLIS);
    }
}

package gov.petitions.supervision.events;

import gov.petitions.platform.outbox.DomainEvent;
import gov.petitions.platform.outbox.EventContract;

import java.time.OffsetDateTime;
import java.util.UUID;

/** supervision's view of contracts/events/case.follow-up-due.v1.schema.json. */
@EventContract("case.follow-up-due")
public record FollowUpDueEvent(UUID petitionId, String trackingNumber, long followUpId, String stage,
                               OffsetDateTime dueAt, String leader, String team, String unitCode, String level,
                               OffsetDateTime raisedAt) implements DomainEvent.OfPetition {

    /** DUE_SOON: the reminder ahead of the date; OVERDUE: the date passed without a report. */
    public static final String DUE_SOON = "DUE_SOON";
    public static final String OVERDUE = "OVERDUE";
}

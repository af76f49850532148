package gov.petitions.supervision.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import gov.petitions.platform.outbox.DomainEvent;
import gov.petitions.platform.outbox.EventContract;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * supervision's view of contracts/events/case.unlinked.v1.schema.json: a member case left its lead case's matter and is
 * worked on its own again, at its current status and unit; {@code clock}/{@code dueAt} the time limit that runs on it
 * again, if one does. {@code cause}: SPLIT (a clerk or supervisor), REVIEW_REQUESTED, CALL_BACK or REASSIGNED (the
 * member's own path left the matter).
 */
@EventContract("case.unlinked")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CaseUnlinkedEvent(UUID petitionId, String trackingNumber, UUID leadPetitionId, String leadTrackingNumber,
                                String cause, String unitCode, String level, String status, String unlinkedByRole,
                                String unlinkedByLevel, String unlinkedByJurisdiction, String reason,
                                OffsetDateTime unlinkedAt, String clock, OffsetDateTime dueAt)
        implements DomainEvent.OfPetition {
}

package gov.petitions.supervision.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import gov.petitions.platform.outbox.DomainEvent;
import gov.petitions.platform.outbox.EventContract;

import java.time.OffsetDateTime;
import java.util.UUID;

/** supervision's view of contracts/events/case.status-changed.v1.schema.json. */
@EventContract("case.status-changed")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CaseStatusChangedEvent(UUID petitionId, String trackingNumber, String fromStatus, String toStatus,
                                     String reason, String actorRole, String unitCode, OffsetDateTime changedAt,
                                     OffsetDateTime dueAt) implements DomainEvent.OfPetition {
}

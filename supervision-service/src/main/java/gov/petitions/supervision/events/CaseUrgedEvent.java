package gov.petitions.supervision.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import gov.petitions.platform.outbox.DomainEvent;
import gov.petitions.platform.outbox.EventContract;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * supervision's view of contracts/events/case.urged.v1.schema.json: a supervisor urged (督办) the unit working the case.
 * {@code unitCode}/{@code level}: the urged unit; {@code urgedByRole}/{@code urgedByLevel}/{@code urgedByJurisdiction}:
 * who urged, by office, never by name; {@code clock}/{@code dueAt}: the statutory clock running at the time.
 */
@EventContract("case.urged")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CaseUrgedEvent(UUID petitionId, String trackingNumber, String unitCode, String level, String urgedByRole,
                             String urgedByLevel, String urgedByJurisdiction, String reason, int urgeCount,
                             OffsetDateTime urgedAt, String clock, OffsetDateTime dueAt)
        implements DomainEvent.OfPetition {
}

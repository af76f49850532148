package gov.petitions.supervision.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import gov.petitions.platform.outbox.DomainEvent;
import gov.petitions.platform.outbox.EventContract;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * supervision's view of contracts/events/case.urgency-changed.v1.schema.json: a supervisor set how urgent a case is
 * (特急 / 急 / 一般), and its open clocks were counted again. {@code unitCode}/{@code level}: the unit holding the case,
 * if one does; {@code changedByRole}/{@code changedByLevel}/{@code changedByJurisdiction}: who, by office, never by name;
 * {@code clock}/{@code dueAt}: the acceptance or handling clock running after the change, if one runs.
 */
@EventContract("case.urgency-changed")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CaseUrgencyChangedEvent(UUID petitionId, String trackingNumber, String unitCode, String level,
                                      String urgency, String previousUrgency, String changedByRole,
                                      String changedByLevel, String changedByJurisdiction, String reason,
                                      OffsetDateTime changedAt, String clock, OffsetDateTime dueAt)
        implements DomainEvent.OfPetition {
}

package gov.petitions.routing.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import gov.petitions.platform.outbox.DomainEvent;
import gov.petitions.platform.outbox.EventContract;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/** routing's view of contracts/events/case.assigned.v1.schema.json. */
@EventContract("case.assigned")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CaseAssignedEvent(UUID petitionId, UUID assignmentId, String trackingNumber, int sequence,
                                String level, UnitRef unit, UnitRef previousUnit, String reason, String categoryCode,
                                String locationCode, OffsetDateTime registeredAt, OffsetDateTime assignedAt,
                                String note, List<LeaderRef> coveringLeaders)
        implements DomainEvent.OfPetition {

    public record UnitRef(String code, String name, String divisionCode, String level) {
    }

    public record LeaderRef(String id, String name) {
    }
}

package gov.petitions.routing.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import gov.petitions.platform.outbox.DomainEvent;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/** routing's view of contracts/events/case.assigned.v1.schema.json. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CaseAssignedEvent(UUID petitionId, UUID assignmentId, String trackingNumber, int sequence,
                                String level, UnitRef unit, UnitRef previousUnit, String reason, String categoryCode,
                                String locationCode, OffsetDateTime registeredAt, OffsetDateTime assignedAt,
                                String note, List<LeaderRef> coveringLeaders)
        implements DomainEvent.OfPetition {

    public static final String TOPIC = "case.assigned";
    public static final String TYPE = "gov.petition.case.assigned.v1";
    public static final String SCHEMA = "https://petitions.gov.example/contracts/events/case.assigned.v1.schema.json";

    @Override
    public String topic() {
        return TOPIC;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public String dataSchema() {
        return SCHEMA;
    }

    public record UnitRef(String code, String name, String divisionCode, String level) {
    }

    public record LeaderRef(String id, String name) {
    }
}

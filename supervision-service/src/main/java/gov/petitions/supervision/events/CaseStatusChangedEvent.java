package gov.petitions.supervision.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import gov.petitions.platform.outbox.DomainEvent;

import java.time.OffsetDateTime;
import java.util.UUID;

/** supervision's view of contracts/events/case.status-changed.v1.schema.json. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CaseStatusChangedEvent(UUID petitionId, String trackingNumber, String fromStatus, String toStatus,
                                     String reason, String actorRole, String unitCode, OffsetDateTime changedAt,
                                     OffsetDateTime dueAt) implements DomainEvent.OfPetition {

    public static final String TOPIC = "case.status-changed";
    public static final String TYPE = "gov.petition.case.status-changed.v1";
    public static final String SCHEMA = "https://petitions.gov.example/contracts/events/case.status-changed.v1.schema.json";

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
}

package gov.petitions.supervision.events;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.OffsetDateTime;
import java.util.UUID;

/** supervision's view of contracts/events/case.status-changed.v1.schema.json. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CaseStatusChangedEvent(UUID petitionId, String trackingNumber, String fromStatus, String toStatus,
                                     String reason, String actorRole, String unitCode, OffsetDateTime changedAt,
                                     OffsetDateTime dueAt) {

    public static final String TOPIC = "case.status-changed";
    public static final String TYPE = "gov.petition.case.status-changed.v1";
    public static final String SCHEMA = "https://petitions.gov.example/contracts/events/case.status-changed.v1.schema.json";
}

package gov.petitions.supervision.events;

import gov.petitions.platform.outbox.DomainEvent;

import java.time.OffsetDateTime;
import java.util.UUID;

/** supervision's view of contracts/events/case.follow-up-due.v1.schema.json. */
public record FollowUpDueEvent(UUID petitionId, String trackingNumber, long followUpId, String stage,
                               OffsetDateTime dueAt, String leader, String team, String unitCode, String level,
                               OffsetDateTime raisedAt) implements DomainEvent.OfPetition {

    public static final String TOPIC = "case.follow-up-due";
    public static final String TYPE = "gov.petition.case.follow-up-due.v1";
    public static final String SCHEMA = "https://petitions.gov.example/contracts/events/case.follow-up-due.v1.schema.json";

    /** DUE_SOON: the reminder ahead of the date; OVERDUE: the date passed without a report. */
    public static final String DUE_SOON = "DUE_SOON";
    public static final String OVERDUE = "OVERDUE";

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

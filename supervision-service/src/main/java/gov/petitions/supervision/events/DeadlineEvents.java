package gov.petitions.supervision.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import gov.petitions.platform.outbox.DomainEvent;

import java.time.OffsetDateTime;
import java.util.UUID;

/** supervision's views of case.deadline-warning, case.deadline-breached and case.escalation-requested. */
public final class DeadlineEvents {

    private DeadlineEvents() {
    }

    public record Warning(UUID petitionId, String trackingNumber, String clock, String unitCode, String level,
                          OffsetDateTime dueAt, OffsetDateTime warnedAt) implements DomainEvent.OfPetition {
        public static final String TOPIC = "case.deadline-warning";
        public static final String TYPE = "gov.petition.case.deadline-warning.v1";
        public static final String SCHEMA = "https://petitions.gov.example/contracts/events/case.deadline-warning.v1.schema.json";

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

    public record Breached(UUID petitionId, String trackingNumber, String clock, String unitCode, String level,
                           OffsetDateTime dueAt, OffsetDateTime breachedAt) implements DomainEvent.OfPetition {
        public static final String TOPIC = "case.deadline-breached";
        public static final String TYPE = "gov.petition.case.deadline-breached.v1";
        public static final String SCHEMA = "https://petitions.gov.example/contracts/events/case.deadline-breached.v1.schema.json";

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

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record EscalationRequested(UUID petitionId, String trackingNumber, String reason, String fromUnitCode,
                                      String fromLevel, OffsetDateTime requestedAt, String note)
            implements DomainEvent.OfPetition {
        public static final String TOPIC = "case.escalation-requested";
        public static final String TYPE = "gov.petition.case.escalation-requested.v1";
        public static final String SCHEMA = "https://petitions.gov.example/contracts/events/case.escalation-requested.v1.schema.json";

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
}

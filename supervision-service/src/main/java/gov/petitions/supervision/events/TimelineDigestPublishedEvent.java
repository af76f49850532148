package gov.petitions.supervision.events;

import gov.petitions.platform.outbox.DomainEvent;

import java.time.LocalDate;
import java.time.OffsetDateTime;

/**
 * supervision's view of contracts/events/timeline.digest-published.v1.schema.json: the day's digest of the timeline
 * chain heads (a Merkle root), chained to the previous digest. Keyed by the day; no case, no person in it.
 */
public record TimelineDigestPublishedEvent(String service, LocalDate day, int leaves, String root, String previousDigest,
                                           String digest, OffsetDateTime madeAt) implements DomainEvent {

    public static final String TOPIC = "timeline.digest-published";
    public static final String TYPE = "gov.petition.timeline.digest-published.v1";
    public static final String SCHEMA =
            "https://petitions.gov.example/contracts/events/timeline.digest-published.v1.schema.json";

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

    @Override
    public String key() {
        return day.toString();
    }
}

package gov.petitions.supervision.events;

import gov.petitions.platform.outbox.DomainEvent;
import gov.petitions.platform.outbox.EventContract;

import java.time.LocalDate;
import java.time.OffsetDateTime;

/**
 * supervision's view of contracts/events/timeline.digest-published.v1.schema.json: the day's digest of the timeline
 * chain heads (a Merkle root), chained to the previous digest. Keyed by the day; no case, no person in it.
 */
@EventContract("timeline.digest-published")
public record TimelineDigestPublishedEvent(String service, LocalDate day, int leaves, String root, String previousDigest,
                                           String digest, OffsetDateTime madeAt) implements DomainEvent {

    @Override
    public String key() {
        return day.toString();
    }
}

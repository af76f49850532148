package gov.petitions.platform.relay;

import gov.petitions.platform.events.TraceContext;

import java.time.OffsetDateTime;
import java.util.Objects;
import java.util.UUID;

/**
 * An event a service has recorded and not yet published: what {@link EventRelay} sends as one Kafka record with
 * CloudEvents headers ({@code ce_id}, {@code ce_type}, {@code ce_subject}, {@code ce_time}, {@code ce_dataschema}).
 *
 * @param key        the record key: the petition id, so that one petition's events stay in order on one partition
 * @param time       when it happened; published in the relay clock's zone (China's, +08:00)
 * @param dataSchema may be null
 * @param payload    the event's data, JSON
 * @param trace      the trace context of the transaction that recorded it, null if none (tracing off): the relay
 *                   publishes the event as part of that trace (docs/tracing.md)
 */
public record PendingEvent(UUID id, String topic, String key, String type, String subject, OffsetDateTime time,
                           String dataSchema, String payload, TraceContext trace) {

    public PendingEvent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(payload, "payload");
    }

    /** An event recorded outside any trace. */
    public PendingEvent(UUID id, String topic, String key, String type, String subject, OffsetDateTime time,
                        String dataSchema, String payload) {
        this(id, topic, key, type, subject, time, dataSchema, payload, null);
    }
}

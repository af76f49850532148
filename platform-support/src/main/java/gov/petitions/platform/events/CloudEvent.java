package gov.petitions.platform.events;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.UUID;

/**
 * The context attributes of a CloudEvents 1.0 event in Kafka binary mode: each attribute is a
 * {@code ce_*} header and the record value is the JSON data. See contracts/asyncapi.yaml.
 */
public record CloudEvent(UUID id, String type, String source, String subject, OffsetDateTime time) {

    public static final String SPEC_VERSION = "1.0";
    public static final String CONTENT_TYPE = "application/json";

    public static void write(Headers headers, UUID id, String type, String source, String subject,
                             OffsetDateTime time, String dataSchema) {
        put(headers, "ce_specversion", SPEC_VERSION);
        put(headers, "ce_id", id.toString());
        put(headers, "ce_type", type);
        put(headers, "ce_source", source);
        put(headers, "ce_subject", subject);
        put(headers, "ce_time", java.time.format.DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(time));
        if (dataSchema != null) {
            put(headers, "ce_dataschema", dataSchema);
        }
        put(headers, "content-type", CONTENT_TYPE);
    }

    /**
     * Writes the W3C trace context ({@code traceparent}, {@code tracestate}) as headers of their own, the names every
     * OpenTelemetry Kafka instrumentation reads, so that a consumer continues the producer's trace. Writes nothing
     * when {@code trace} is null (tracing off, or an event recorded outside any trace).
     */
    public static void writeTrace(Headers headers, TraceContext trace) {
        headers.remove(TraceContext.TRACEPARENT);
        headers.remove(TraceContext.TRACESTATE);
        if (trace == null || trace.traceParent() == null) {
            return;
        }
        put(headers, TraceContext.TRACEPARENT, trace.traceParent());
        if (trace.traceState() != null) {
            put(headers, TraceContext.TRACESTATE, trace.traceState());
        }
    }

    /**
     * The trace context the producer sent with the record, or null. Never refuses a record: a missing or malformed
     * traceparent only means that its consumer's span starts a trace of its own.
     */
    public static TraceContext readTrace(ConsumerRecord<?, ?> record) {
        String parent = text(record.headers(), TraceContext.TRACEPARENT);
        return parent == null || parent.isBlank() ? null
                : new TraceContext(parent, text(record.headers(), TraceContext.TRACESTATE));
    }

    /**
     * Reads and checks the attributes; a record without them is not one of ours and is refused
     * (it goes to the dead-letter topic, never blocks the partition).
     */
    public static CloudEvent read(ConsumerRecord<?, ?> record, String expectedType) {
        Headers headers = record.headers();
        String specVersion = text(headers, "ce_specversion");
        if (!SPEC_VERSION.equals(specVersion)) {
            throw new PoisonEventException("ce_specversion must be 1.0, was " + specVersion);
        }
        String type = text(headers, "ce_type");
        if (!expectedType.equals(type)) {
            throw new PoisonEventException("expected ce_type " + expectedType + ", was " + type);
        }
        UUID id;
        OffsetDateTime time;
        try {
            id = UUID.fromString(required(headers, "ce_id"));
            String timeText = text(headers, "ce_time");
            time = timeText == null ? null : OffsetDateTime.parse(timeText);
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw new PoisonEventException("malformed ce_id or ce_time: " + e.getMessage());
        }
        String source = required(headers, "ce_source");
        String subject = text(headers, "ce_subject");
        if (record.key() != null && subject != null && !subject.equals(record.key().toString())) {
            throw new PoisonEventException("record key and ce_subject differ");
        }
        return new CloudEvent(id, type, source, subject, time);
    }

    private static String required(Headers headers, String name) {
        String value = text(headers, name);
        if (value == null || value.isBlank()) {
            throw new PoisonEventException("missing header " + name);
        }
        return value;
    }

    private static String text(Headers headers, String name) {
        Header header = headers.lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static void put(Headers headers, String name, String value) {
        headers.remove(name);
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}

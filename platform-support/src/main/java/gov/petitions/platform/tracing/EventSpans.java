package gov.petitions.platform.tracing;

import gov.petitions.platform.events.CloudEvent;
import gov.petitions.platform.events.TraceContext;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/**
 * The spans of one petition's trace where it crosses Kafka (docs/tracing.md). A consumer applies each record in a
 * span of its own, a child of the record's {@code traceparent}, and current while the handler runs: whatever the
 * handler records in the outbox then carries that span's context (platform-outbox's {@code Outbox}), and the relay
 * publishes it with a producer span that is a child of it ({@link #publishing}), never of the relay's own poll.
 *
 * <p>Semantic conventions for messaging: {@code <topic> process} (consumer) and {@code <topic> publish} (producer),
 * with the topic, the partition and offset, the event id ({@code ce_id}) and the record key, which is the petition id,
 * so that one petition's spans can be found by it. No personal data goes into a span.
 *
 * <p>With tracing off (no OTLP endpoint, {@link TracingSwitch}) the tracer is OpenTelemetry's no-op one: no span is
 * made and nothing is exported; a trace context that came in with a record is only passed on.
 */
@ApplicationScoped
public class EventSpans {

    static final AttributeKey<String> SYSTEM = AttributeKey.stringKey("messaging.system");
    static final AttributeKey<String> DESTINATION = AttributeKey.stringKey("messaging.destination.name");
    static final AttributeKey<String> OPERATION = AttributeKey.stringKey("messaging.operation.type");
    static final AttributeKey<String> GROUP = AttributeKey.stringKey("messaging.consumer.group.name");
    static final AttributeKey<String> MESSAGE_ID = AttributeKey.stringKey("messaging.message.id");
    static final AttributeKey<String> KEY = AttributeKey.stringKey("messaging.kafka.message.key");
    static final AttributeKey<String> PARTITION = AttributeKey.stringKey("messaging.destination.partition.id");
    static final AttributeKey<Long> OFFSET = AttributeKey.longKey("messaging.kafka.offset");
    static final AttributeKey<String> EVENT_TYPE = AttributeKey.stringKey("cloudevents.event_type");

    private final Tracer tracer;

    /**
     * @param sdkDisabled with the SDK "disabled", Quarkus's tracer still makes real spans that are merely not
     *                    exported (OpenTelemetry's autoconfiguration keeps a tracer provider without processors): the
     *                    no-op tracer instead makes none, and only passes on a trace context that came in
     */
    public EventSpans(Tracer tracer,
                      @ConfigProperty(name = "quarkus.otel.sdk.disabled", defaultValue = "false") boolean sdkDisabled) {
        this.tracer = sdkDisabled ? OpenTelemetry.noop().getTracer("gov.petitions") : tracer;
    }

    public Tracer tracer() {
        return tracer;
    }

    /**
     * Runs {@code work} in a consumer span whose parent is the record's trace context (a trace of its own when the
     * record has none), current on this thread while it runs. A failure is recorded on the span and rethrown.
     *
     * @param consumer the consumer group (the service), e.g. {@code routing-service}
     */
    public <T> T consuming(ConsumerRecord<?, ?> record, String consumer, Supplier<T> work) {
        TraceContext parent = CloudEvent.readTrace(record);
        Span span = tracer.spanBuilder(record.topic() + " process")
                .setSpanKind(SpanKind.CONSUMER)
                .setParent(parent == null ? Context.root() : parent.context())
                .setAttribute(SYSTEM, "kafka")
                .setAttribute(DESTINATION, record.topic())
                .setAttribute(OPERATION, "process")
                .setAttribute(GROUP, consumer)
                .setAttribute(PARTITION, Integer.toString(record.partition()))
                .setAttribute(OFFSET, record.offset())
                .startSpan();
        if (span.isRecording()) {
            String id = header(record, "ce_id");
            if (id != null) {
                span.setAttribute(MESSAGE_ID, id);
            }
            String type = header(record, "ce_type");
            if (type != null) {
                span.setAttribute(EVENT_TYPE, type);
            }
            if (record.key() != null) {
                span.setAttribute(KEY, record.key().toString());
            }
        }
        return inScope(span, work);
    }

    /**
     * Runs {@code work} with the span current. A span without a valid context (tracing off and no trace came in) is
     * not made current: it would only put an all-zero trace id into every log line.
     */
    private static <T> T inScope(Span span, Supplier<T> work) {
        try (Scope ignored = span.getSpanContext().isValid() ? span.makeCurrent() : Scope.noop()) {
            return work.get();
        } catch (RuntimeException | Error e) {
            span.recordException(e);
            span.setStatus(StatusCode.ERROR, e.getClass().getSimpleName());
            throw e;
        } finally {
            span.end();
        }
    }

    /**
     * Runs later work on a petition (a scheduled scan firing its clock days after) in a span of the trace its state
     * was recorded in, so that the events the work records continue the petition's trace; without a recorded context
     * (tracing was off then) the work runs without a span, rather than start a trace for each row of a scan.
     */
    public <T> T resuming(TraceContext recorded, String name, Supplier<T> work) {
        if (recorded == null) {
            return work.get();
        }
        Span span = tracer.spanBuilder(name).setSpanKind(SpanKind.INTERNAL).setParent(recorded.context()).startSpan();
        return inScope(span, work);
    }

    /**
     * Starts the producer span of an event recorded under {@code recorded} (its outbox row's context) and returns
     * it; the caller ends it once the broker acknowledged the record or failed to. Null when the event was recorded
     * outside any trace or {@code tracer} is null: then the event is published without a span of the relay's.
     */
    public static Span publishing(Tracer tracer, TraceContext recorded, String topic, String key, String eventId,
                                  String type) {
        if (tracer == null || recorded == null) {
            return null;
        }
        Span span = tracer.spanBuilder(topic + " publish")
                .setSpanKind(SpanKind.PRODUCER)
                .setParent(recorded.context())
                .setAttribute(SYSTEM, "kafka")
                .setAttribute(DESTINATION, topic)
                .setAttribute(OPERATION, "publish")
                .setAttribute(MESSAGE_ID, eventId)
                .setAttribute(EVENT_TYPE, type)
                .startSpan();
        if (key != null && span.isRecording()) {
            span.setAttribute(KEY, key);
        }
        return span;
    }

    /**
     * The trace context to send with an event: the producer span's when there is a valid one, else the row's as it
     * was recorded (a relay whose tracing is off still passes the trace on).
     */
    public static TraceContext sent(TraceContext recorded, Span producer) {
        if (recorded == null || producer == null || !producer.getSpanContext().isValid()) {
            return recorded;
        }
        TraceContext context = TraceContext.of(recorded.context().with(producer));
        return context == null ? recorded : context;
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}

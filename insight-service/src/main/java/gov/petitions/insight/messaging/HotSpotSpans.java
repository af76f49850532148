package gov.petitions.insight.messaging;

import gov.petitions.insight.HotSpot;
import gov.petitions.insight.domain.HotSpotRule;
import gov.petitions.insight.domain.Observation;
import gov.petitions.insight.events.HotSpotDetected;
import gov.petitions.platform.events.TraceContext;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;

import java.util.UUID;

/**
 * The span in which a hot spot's change is published (docs/tracing.md): {@code hotspot.detected publish}, a producer
 * span whose parent is the trace context of the petition that tipped the hot spot over (it made it hot or grew it),
 * with a span link to each other petition behind it; a change no petition tipped (the schedule resolved it) starts a
 * trace of its own, linked to the petitions it stood for. Its context is the hotspot.detected record's
 * {@code traceparent}, so that whoever is told of the hot spot continues from it.
 *
 * <p>With tracing off the tracer is OpenTelemetry's no-op one: no span is made, and the record carries the tipping
 * petition's context on, as a relay whose tracing is off does.
 */
final class HotSpotSpans {

    /** OpenTelemetry's default limit of links per span: a hot spot of more petitions links its first ones. */
    static final int MAX_LINKS = 128;

    static final String NAME = HotSpotDetected.TOPIC + " publish";

    private static final AttributeKey<String> SYSTEM = AttributeKey.stringKey("messaging.system");
    private static final AttributeKey<String> DESTINATION = AttributeKey.stringKey("messaging.destination.name");
    private static final AttributeKey<String> OPERATION = AttributeKey.stringKey("messaging.operation.type");
    private static final AttributeKey<String> MESSAGE_ID = AttributeKey.stringKey("messaging.message.id");
    private static final AttributeKey<String> KEY = AttributeKey.stringKey("messaging.kafka.message.key");
    private static final AttributeKey<String> EVENT_TYPE = AttributeKey.stringKey("cloudevents.event_type");
    static final AttributeKey<String> STATUS = AttributeKey.stringKey("insight.hotspot.status");
    static final AttributeKey<Long> SEQUENCE = AttributeKey.longKey("insight.hotspot.sequence");
    static final AttributeKey<Long> PETITIONS = AttributeKey.longKey("insight.hotspot.petition_count");

    private final Tracer tracer;

    /** @param tracer null: the no-op one (the topology tests without spans) */
    HotSpotSpans(Tracer tracer) {
        this.tracer = tracer == null ? OpenTelemetry.noop().getTracer("gov.petitions") : tracer;
    }

    /** Starts the span of a published change; the caller ends it once the record is handed on. */
    Span publishing(HotSpotRule.Change change, UUID eventId) {
        HotSpot h = change.hotSpot();
        Observation tippedBy = change.tippedBy();
        Context parent = tippedBy == null ? Context.root() : context(tippedBy);
        SpanBuilder builder = tracer.spanBuilder(NAME)
                .setSpanKind(SpanKind.PRODUCER)
                .setParent(parent)
                .setAttribute(SYSTEM, "kafka")
                .setAttribute(DESTINATION, HotSpotDetected.TOPIC)
                .setAttribute(OPERATION, "publish")
                .setAttribute(MESSAGE_ID, eventId.toString())
                .setAttribute(EVENT_TYPE, HotSpotDetected.TYPE)
                .setAttribute(KEY, h.hotspotId())
                .setAttribute(STATUS, h.status().name())
                .setAttribute(SEQUENCE, (long) h.sequence())
                .setAttribute(PETITIONS, (long) h.petitionCount());
        int links = 0;
        for (Observation o : change.behind()) {
            if (links == MAX_LINKS) {
                break;
            }
            if (o == tippedBy || o.traceParent() == null) {
                continue;
            }
            SpanContext linked = Span.fromContext(context(o)).getSpanContext();
            if (linked.isValid()) {
                // the petition id says which petition a link leads to, as the consumer spans' key does
                builder.addLink(linked, Attributes.of(KEY, o.petitionId()));
                links++;
            }
        }
        return builder.startSpan();
    }

    /** The context to send with the record: the span's, or (tracing off) the tipping petition's it stands for. */
    static TraceContext sent(Span span) {
        return TraceContext.of(Context.root().with(span));
    }

    private static Context context(Observation o) {
        return o.traceParent() == null ? Context.root() : new TraceContext(o.traceParent(), o.traceState()).context();
    }
}

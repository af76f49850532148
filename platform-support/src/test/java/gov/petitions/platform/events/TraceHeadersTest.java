package gov.petitions.platform.events;

import gov.petitions.platform.tracing.EventSpans;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The W3C trace context in an event's Kafka headers, as CloudEvent writes and reads it (docs/tracing.md). */
class TraceHeadersTest {

    private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String SPAN = "00f067aa0ba902b7";

    private static ConsumerRecord<String, String> received(RecordHeaders headers) {
        ConsumerRecord<String, String> record = new ConsumerRecord<>("petition.registered", 0, 7L, "P-1", "{}");
        headers.forEach(h -> record.headers().add(h));
        return record;
    }

    @Test
    void theCurrentSpanIsWrittenAsTraceparentAndTracestateAndReadBackAsTheParentOfTheConsumersWork() {
        SpanContext span = SpanContext.create(TRACE, SPAN, TraceFlags.getSampled(),
                TraceState.builder().put("bureau", "34").build());
        TraceContext current;
        try (Scope ignored = Span.wrap(span).makeCurrent()) {
            current = TraceContext.current();
        }
        assertEquals("00-" + TRACE + "-" + SPAN + "-01", current.traceParent());
        assertEquals("bureau=34", current.traceState());
        assertEquals(TRACE, current.traceId());
        assertEquals(SPAN, current.spanId());

        RecordHeaders headers = new RecordHeaders();
        CloudEvent.writeTrace(headers, current);
        assertEquals(current.traceParent(), new String(headers.lastHeader("traceparent").value(), StandardCharsets.UTF_8));
        TraceContext read = CloudEvent.readTrace(received(headers));
        assertEquals(current, read);
        SpanContext parent = Span.fromContext(read.context()).getSpanContext();
        assertTrue(parent.isRemote() && parent.isSampled());
        assertEquals(TRACE, parent.getTraceId());
        assertEquals(SPAN, parent.getSpanId());
        assertEquals("34", parent.getTraceState().get("bureau"));
    }

    @Test
    void outsideAnySpanNothingIsWrittenAndARecordWithoutOrWithAMalformedTraceparentStartsATraceOfItsOwn() {
        assertNull(TraceContext.current());
        RecordHeaders headers = new RecordHeaders();
        CloudEvent.writeTrace(headers, null);
        assertNull(headers.lastHeader("traceparent"));
        assertNull(CloudEvent.readTrace(received(headers)));

        headers.add("traceparent", "00-not-a-trace-01".getBytes(StandardCharsets.UTF_8));
        TraceContext malformed = CloudEvent.readTrace(received(headers));
        assertSame(Context.root(), malformed.context(), "never refused: the consumer's span is a root");
        assertFalse(Span.fromContext(malformed.context()).getSpanContext().isValid());
    }

    @Test
    void aRelayWhoseTracingIsOffPassesTheRowsContextOnUnchanged() {
        TraceContext recorded = new TraceContext("00-" + TRACE + "-" + SPAN + "-01", null);
        var noop = OpenTelemetry.noop().getTracer("test");
        Span producer = EventSpans.publishing(noop, recorded, "case.assigned", "P-1", "e-1", "t");
        assertEquals(recorded, EventSpans.sent(recorded, producer));
        assertNull(EventSpans.publishing(noop, null, "case.assigned", "P-1", "e-1", "t"), "no trace, no span");
        assertNull(EventSpans.sent(null, null));
    }
}

package gov.petitions.platform.events;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A W3C trace context as text ({@code traceparent}, {@code tracestate}): what an outbox row keeps of the transaction
 * that wrote it, so that the relay, long after and on another thread, publishes the event as part of that trace, and
 * what travels in an event's Kafka headers ({@link CloudEvent#writeTrace}, {@link CloudEvent#readTrace}).
 *
 * @param traceParent e.g. {@code 00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01}
 * @param traceState  the vendors' part, may be null
 */
public record TraceContext(String traceParent, String traceState) {

    static final String TRACEPARENT = "traceparent";
    static final String TRACESTATE = "tracestate";

    /** The longest tracestate kept: W3C allows 32 members; a row's column and a header need no more. */
    public static final int MAX_STATE = 512;

    public TraceContext {
        if (traceState != null && (traceState.isBlank() || traceState.length() > MAX_STATE)) {
            traceState = null;
        }
    }

    /** The span current on this thread, or null when there is none (tracing off, or outside any request or event). */
    public static TraceContext current() {
        return of(Context.current());
    }

    /** The span of {@code context}, or null when it has none. */
    public static TraceContext of(Context context) {
        if (!Span.fromContext(context).getSpanContext().isValid()) {
            return null;
        }
        Map<String, String> carrier = new HashMap<>(2);
        W3CTraceContextPropagator.getInstance().inject(context, carrier, Map::put);
        String parent = carrier.get(TRACEPARENT);
        return parent == null ? null : new TraceContext(parent, carrier.get(TRACESTATE));
    }

    /**
     * This context as the parent of a new span. A malformed traceparent (an old row, a foreign producer) yields the
     * root context: the work starts a trace of its own rather than fail.
     */
    public Context context() {
        return extract(this);
    }

    /** The 32 hex digits of the trace id. */
    public String traceId() {
        return traceParent.length() >= 35 ? traceParent.substring(3, 35) : "";
    }

    /** The 16 hex digits of the parent span's id. */
    public String spanId() {
        return traceParent.length() >= 52 ? traceParent.substring(36, 52) : "";
    }

    static Context extract(TraceContext trace) {
        if (trace == null || trace.traceParent() == null) {
            return Context.root();
        }
        return W3CTraceContextPropagator.getInstance().extract(Context.root(), trace, GETTER);
    }

    private static final TextMapGetter<TraceContext> GETTER = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(TraceContext carrier) {
            return List.of(TRACEPARENT, TRACESTATE);
        }

        @Override
        public String get(TraceContext carrier, String key) {
            if (carrier == null) {
                return null;
            }
            return TRACEPARENT.equals(key) ? carrier.traceParent() : TRACESTATE.equals(key) ? carrier.traceState() : null;
        }
    };
}

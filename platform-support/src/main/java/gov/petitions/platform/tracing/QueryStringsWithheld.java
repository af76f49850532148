package gov.petitions.platform.tracing;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.quarkus.arc.Unremovable;
import jakarta.inject.Singleton;

import java.util.List;

/**
 * No query string leaves a service with a span. The HTTP server and client instrumentation records each request's
 * query ({@code url.query} on a server span, inside {@code url.full} on a client span), and a query may say what a
 * person typed or about whom: a search's words ({@code GET /petitions/search?q=…}, which may be a petitioner's name),
 * an accused unit or person, a tracking number. The query is replaced by {@value #WITHHELD} as the span starts,
 * before any exporter can see it; the method, the path, the route and the status stay, which is what a trace is
 * read for (docs/tracing.md). Quarkus adds every {@link SpanProcessor} bean to the tracer provider.
 */
@Singleton
@Unremovable
public class QueryStringsWithheld implements SpanProcessor {

    static final String WITHHELD = "withheld";
    static final AttributeKey<String> URL_QUERY = AttributeKey.stringKey("url.query");
    /** Whole addresses: a client span's (stable conventions), and the older conventions' target and URL. */
    static final List<AttributeKey<String>> ADDRESSES = List.of(AttributeKey.stringKey("url.full"),
            AttributeKey.stringKey("http.target"), AttributeKey.stringKey("http.url"));

    @Override
    public void onStart(Context parentContext, ReadWriteSpan span) {
        if (span.getAttribute(URL_QUERY) != null) {
            span.setAttribute(URL_QUERY, WITHHELD);
        }
        for (AttributeKey<String> key : ADDRESSES) {
            String address = span.getAttribute(key);
            int query = address == null ? -1 : address.indexOf('?');
            if (query >= 0) {
                int fragment = address.indexOf('#', query);
                span.setAttribute(key, address.substring(0, query + 1) + WITHHELD
                        + (fragment >= 0 ? address.substring(fragment) : ""));
            }
        }
    }

    @Override
    public boolean isStartRequired() {
        return true;
    }

    @Override
    public void onEnd(ReadableSpan span) {
    }

    @Override
    public boolean isEndRequired() {
        return false;
    }

    @Override
    public CompletableResultCode shutdown() {
        return CompletableResultCode.ofSuccess();
    }
}

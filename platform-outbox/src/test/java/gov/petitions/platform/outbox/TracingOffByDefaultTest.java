package gov.petitions.platform.outbox;

import gov.petitions.platform.tracing.EventSpans;
import io.opentelemetry.api.trace.Span;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Tracing costs nothing unless an OTLP endpoint is configured (docs/tracing.md, platform-support's TracingSwitch):
 * this application configures none, so the SDK is off, although Quarkus has a default endpoint of its own, and the
 * platform's spans (consumers, the relay) are OpenTelemetry's no-op ones.
 */
@QuarkusTest
class TracingOffByDefaultTest {

    @Inject
    EventSpans spans;

    @Test
    void withoutAnEndpointTheSdkIsOffAndNoSpanIsMade() {
        assertEquals("true", ConfigProvider.getConfig().getConfigValue("quarkus.otel.sdk.disabled").getValue());
        Span span = spans.tracer().spanBuilder("anything").startSpan();
        try {
            assertFalse(span.getSpanContext().isValid(), "a no-op span");
            assertFalse(span.isRecording());
        } finally {
            span.end();
        }
    }
}

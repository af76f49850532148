package gov.petitions.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

/**
 * Turns tracing on for one test class (it is off unless an OTLP endpoint is configured, docs/tracing.md): starts an
 * {@link OtlpReceiver} and points the service's OTLP/HTTP exporter at it, every span sampled and exported within
 * 50 ms of its end. The test reads the spans from a field {@code OtlpReceiver receiver;} of its own, which this
 * resource fills in (as Quarkus recommends for state shared with a test resource). Use it with
 * {@code @QuarkusTestResource(value = TracingOn.class, restrictToAnnotatedClass = true)}, so that only that class's
 * application exports anything.
 */
public class TracingOn implements QuarkusTestResourceLifecycleManager {

    private OtlpReceiver receiver;

    @Override
    public Map<String, String> start() {
        receiver = OtlpReceiver.start();
        return Map.of(
                "quarkus.otel.exporter.otlp.traces.endpoint", receiver.endpoint(),
                "quarkus.otel.exporter.otlp.traces.protocol", "http/protobuf",
                "quarkus.otel.traces.sampler.arg", "1.0",
                "quarkus.otel.bsp.schedule.delay", "PT0.05S");
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(receiver, new TestInjector.MatchesType(OtlpReceiver.class));
    }

    @Override
    public void stop() {
        OtlpReceiver stopping = receiver;
        receiver = null;
        if (stopping != null) {
            stopping.close();
        }
    }
}

package gov.petitions.platform.tracing;

import io.smallrye.config.ConfigSourceInterceptor;
import io.smallrye.config.ConfigSourceInterceptorContext;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.Priorities;
import jakarta.annotation.Priority;

import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Tracing is off unless an OTLP endpoint is configured (docs/tracing.md): {@code quarkus.otel.sdk.disabled} is
 * {@code true} by default and {@code false} once {@code quarkus.otel.exporter.otlp.endpoint} or
 * {@code quarkus.otel.exporter.otlp.traces.endpoint} is set (QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT), so that the tests,
 * {@code ./petitions up} and the benchmark pay for no span and no exporter, and a deployment that names a collector
 * needs nothing else. Setting {@code quarkus.otel.sdk.disabled} itself still wins.
 *
 * <p>Quarkus's own default for the endpoint (localhost:4317) does not count, nor what Quarkus recorded at build time:
 * only a value from a real configuration source (application.properties, the environment, system properties, a
 * test's overrides) does.
 */
@Priority(Priorities.APPLICATION)
public class TracingSwitch implements ConfigSourceInterceptor {

    static final String DISABLED = "quarkus.otel.sdk.disabled";
    static final String ENDPOINT = "quarkus.otel.exporter.otlp.endpoint";
    static final String TRACES_ENDPOINT = "quarkus.otel.exporter.otlp.traces.endpoint";

    /**
     * At or below this ordinal a value is not configuration: defaults sit at Integer.MIN_VALUE and just above, and
     * Quarkus's "Runtime Values" (ordinal 0) hold what was computed at build time, this switch's own answer included,
     * when no endpoint was known yet.
     */
    private static final int CONFIGURED = 0;

    @Override
    public ConfigValue getValue(ConfigSourceInterceptorContext context, String name) {
        ConfigValue value = context.proceed(name);
        if (!DISABLED.equals(name) || configured(value)) {
            return value;
        }
        boolean endpoint = configured(context.restart(TRACES_ENDPOINT)) || configured(context.restart(ENDPOINT));
        ConfigValue.ConfigValueBuilder decided = value != null ? value.from() : ConfigValue.builder().withName(name);
        String disabled = Boolean.toString(!endpoint);
        return decided.withValue(disabled).withRawValue(disabled)
                .withConfigSourceName("TracingSwitch (off unless an OTLP endpoint is configured)")
                .withConfigSourceOrdinal(Integer.MIN_VALUE + 1)
                .build();
    }

    /**
     * Names the switch among the configured properties too: Quarkus hands the SDK's autoconfiguration only the
     * {@code quarkus.otel.*} properties it finds by name, and an SDK not told that it is disabled makes real spans.
     */
    @Override
    public Iterator<String> iterateNames(ConfigSourceInterceptorContext context) {
        Set<String> names = new LinkedHashSet<>();
        context.iterateNames().forEachRemaining(names::add);
        names.add(DISABLED);
        return names.iterator();
    }

    private static boolean configured(ConfigValue value) {
        return value != null && value.getValue() != null && !value.getValue().isBlank()
                && value.getConfigSourceOrdinal() > CONFIGURED;
    }
}

package gov.petitions.platform.tracing;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Tracing is off unless an OTLP endpoint is configured (docs/tracing.md). */
class TracingSwitchTest {

    /** As a service gets it: the interceptor found through ServiceLoader, Quarkus's default endpoint as a default. */
    private static String disabled(Map<String, String> environment) {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .addDiscoveredInterceptors()
                .withDefaultValue(TracingSwitch.ENDPOINT, "http://localhost:4317")
                .withSources(new PropertiesConfigSource(environment, "environment", 300))
                .build();
        return config.getConfigValue(TracingSwitch.DISABLED).getValue();
    }

    @Test
    void offWithoutAnEndpointEvenThoughQuarkusHasADefaultOne() {
        assertEquals("true", disabled(Map.of()));
        assertEquals("true", disabled(Map.of(TracingSwitch.ENDPOINT, "")), "an empty value is no endpoint");
    }

    @Test
    void onOnceAnEndpointIsConfigured() {
        assertEquals("false", disabled(Map.of(TracingSwitch.ENDPOINT, "http://jaeger:4317")));
        assertEquals("false", disabled(Map.of(TracingSwitch.TRACES_ENDPOINT, "http://127.0.0.1:4318")));
    }

    @Test
    void whatQuarkusRecordedAtBuildTimeIsDecidedAgain() {
        // Quarkus keeps the build's value of a runtime property in "Runtime Values" (ordinal 0): the build knew no
        // endpoint, the running service does
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .addDiscoveredInterceptors()
                .withSources(new PropertiesConfigSource(Map.of(TracingSwitch.DISABLED, "true"), "Runtime Values", 0))
                .withSources(new PropertiesConfigSource(Map.of(TracingSwitch.TRACES_ENDPOINT, "http://127.0.0.1:4318"),
                        "overrides", 399))
                .build();
        assertEquals("false", config.getConfigValue(TracingSwitch.DISABLED).getValue());
    }

    @Test
    void anExplicitSettingWins() {
        assertEquals("false", disabled(Map.of(TracingSwitch.DISABLED, "false")));
        assertEquals("true", disabled(Map.of(TracingSwitch.DISABLED, "true", TracingSwitch.ENDPOINT, "http://jaeger:4317")));
    }

    @Test
    void theSwitchIsAmongThePropertyNamesForQuarkusToPassItToTheSdk() {
        SmallRyeConfig config = new SmallRyeConfigBuilder().addDiscoveredInterceptors().build();
        assertEquals(true, java.util.stream.StreamSupport.stream(config.getPropertyNames().spliterator(), false)
                .anyMatch(TracingSwitch.DISABLED::equals));
    }

    @Test
    void otherPropertiesPassUntouched() {
        assertEquals("http://jaeger:4317", new SmallRyeConfigBuilder().addDiscoveredInterceptors()
                .withSources(new PropertiesConfigSource(Map.of(TracingSwitch.ENDPOINT, "http://jaeger:4317"), "env", 300))
                .build().getConfigValue(TracingSwitch.ENDPOINT).getValue());
    }
}

package gov.petitions.deploy;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The configuration tables: README.md's and deploy/README.md's "Service configuration", read alike. */
class RequiredConfigTest {

    private static final String TABLE = """
            | environment variable | property | service | meaning |
            |---|---|---|---|
            | `QUARKUS_HTTP_PORT` | `quarkus.http.port` | all | HTTP port |
            | `INSIGHT_ADVERTISED_HOST` | part of `quarkus.kafka-streams.application-server` | insight | the pod IP |
            | `INSIGHT_STATE_DIR` | `kafka-streams.state.dir` | insight | RocksDB |
            | `QUARKUS_KAFKA_STREAMS_APPLICATION_ID` | `quarkus.kafka-streams.application-id` | insight | group |
            """;

    @Test
    void insightServiceRowsCountInEitherTableAndTwiceIsHarmless() {
        Map<String, Set<String>> inProjectReadme = RequiredConfig.parse("## Configuration\n\n" + TABLE);
        Map<String, Set<String>> inDeployReadme = RequiredConfig.parse("## Service configuration\n\n" + TABLE,
                RequiredConfig.DEPLOY_SECTION, false);
        assertEquals(inProjectReadme.get("insight-service"), inDeployReadme.get("insight-service"));
        assertEquals(Set.of("QUARKUS_HTTP_PORT", "INSIGHT_ADVERTISED_HOST", "INSIGHT_STATE_DIR", "QUARKUS_KAFKA_STREAMS_APPLICATION_ID"),
                inProjectReadme.get("insight-service"));
        assertEquals(Set.of("QUARKUS_HTTP_PORT"), inProjectReadme.get("routing-service"));
        assertTrue(RequiredConfig.parse("## Other\n", RequiredConfig.DEPLOY_SECTION, false).get("insight-service").isEmpty(),
                "deploy/README.md need not have the section");
    }

    @Test
    void theDeployedInsightServiceIsDocumentedAndOnlyKafkaStreamsTakesTheStreamsClientSettings() {
        assertTrue(RequiredConfig.required("insight-service").containsAll(Set.of("INSIGHT_ADVERTISED_HOST", "INSIGHT_STATE_DIR",
                "QUARKUS_KAFKA_STREAMS_APPLICATION_ID", "KAFKA_BOOTSTRAP_SERVERS", "MP_JWT_VERIFY_PUBLICKEY_LOCATION")));
        assertTrue(RequiredConfig.known("insight-service", "QUARKUS_KAFKA_STREAMS_SASL_JAAS_CONFIG"));
        assertFalse(RequiredConfig.required("insight-service").contains("QUARKUS_KAFKA_STREAMS_SASL_JAAS_CONFIG"), "optional: plaintext in compose");
        assertFalse(RequiredConfig.known("routing-service", "QUARKUS_KAFKA_STREAMS_SASL_JAAS_CONFIG"));
        assertEquals(Set.of("a", "B_C", "D"), Set.copyOf(RequiredConfig.variables("`a` / `B_C`, `D`")));
    }
}

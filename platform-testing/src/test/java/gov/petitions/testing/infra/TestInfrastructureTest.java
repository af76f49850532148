package gov.petitions.testing.infra;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.io.StringReader;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The check that runs before a module's service-starting tests: what a module needs, and whether it answers. */
class TestInfrastructureTest {

    private static Properties config(String text) throws IOException {
        Properties p = new Properties();
        p.load(new StringReader(text));
        return p;
    }

    private static Function<String, String> settings(Map<String, String> values) {
        return values::get;
    }

    private static List<String> names(List<TestInfrastructure.Endpoint> endpoints) {
        return endpoints.stream().map(e -> e.name() + "@" + e.address()).toList();
    }

    @Test
    void aPortNobodyListensOnIsReportedInOneLineSayingHowToStartTheInfrastructure() throws IOException {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort(); // free again once closed
        }
        long started = System.nanoTime();
        Optional<String> missing = TestInfrastructure.check(new TestInfrastructure.Endpoint("Kafka", "127.0.0.1", closed), 500);
        long millis = (System.nanoTime() - started) / 1_000_000;
        assertEquals(Optional.of("Kafka is not reachable at 127.0.0.1:" + closed
                + ": start the test infrastructure with eval \"$(PETITIONS_ENV=test ./petitions infra up | grep '^export')\""), missing);
        assertTrue(!missing.get().contains("\n"), "one line");
        assertTrue(millis < 1_000, "a refused connection is known at once, not after a long time-out: " + millis + " ms");
    }

    @Test
    void aPortThatAcceptsConnectionsPasses() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            TestInfrastructure.Endpoint open = new TestInfrastructure.Endpoint("PostgreSQL", "127.0.0.1", socket.getLocalPort());
            assertEquals(Optional.empty(), TestInfrastructure.check(open, 500));
            assertEquals(Optional.empty(), TestInfrastructure.firstMissing(List.of(open, open), 500));
        }
    }

    @Test
    void theFirstMissingOfSeveralIsReported() throws IOException {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        try (ServerSocket socket = new ServerSocket(0)) {
            Optional<String> missing = TestInfrastructure.firstMissing(List.of(
                    new TestInfrastructure.Endpoint("Kafka", "127.0.0.1", socket.getLocalPort()),
                    new TestInfrastructure.Endpoint("MongoDB", "127.0.0.1", closed)), 500);
            assertTrue(missing.orElseThrow().startsWith("MongoDB is not reachable at 127.0.0.1:" + closed + ": "), missing.get());
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            routing-like: datasource and Kafka channels | quarkus.datasource.db-kind=postgresql\\nmp.messaging.incoming.a.connector=smallrye-kafka | false | PostgreSQL@10.0.0.5:6543,Kafka@10.0.0.9:9093
            intake-like: datasource and the outbox relay | quarkus.datasource.db-kind=postgresql                                 | true  | PostgreSQL@10.0.0.5:6543,Kafka@10.0.0.9:9093
            notification-like: MongoDB and Kafka        | %test.quarkus.mongodb.database=x\\nmp.messaging.incoming.a.connector=smallrye-kafka | false | Kafka@10.0.0.9:9093,MongoDB@mongo.test:17027
            insight-like: Kafka Streams only            | quarkus.kafka-streams.application-id=insight                            | false | Kafka@10.0.0.9:9093
            outbox tests: a JDBC URL only               | quarkus.datasource.jdbc.url=jdbc:postgresql://h/db                      | false | PostgreSQL@10.0.0.5:6543
            console-like: nothing                       | quarkus.http.port=8080\\nmp.messaging.incoming.a.connector=in-memory    | false | ''
            """)
    void aModuleNeedsWhatItsConfigurationUsesAndNothingElse(String module, String properties, boolean outbox, String expected)
            throws IOException {
        Map<String, String> env = Map.of("KAFKA_BOOTSTRAP_SERVERS", "10.0.0.9:9093,10.0.0.10:9093",
                "PETITIONS_PG_HOST", "10.0.0.5", "PETITIONS_PG_PORT", "6543",
                "QUARKUS_MONGODB_CONNECTION_STRING", "mongodb://user:secret@mongo.test:17027/notification?tls=false");
        List<String> got = names(TestInfrastructure.required(config(properties.replace("\\n", "\n")), settings(env), outbox));
        assertEquals(expected.isEmpty() ? List.of() : List.of(expected.split(",")),
                got.stream().sorted((a, b) -> order(a) - order(b)).toList(), module);
    }

    private static int order(String endpoint) {
        return endpoint.startsWith("PostgreSQL") ? 0 : endpoint.startsWith("Kafka") ? 1 : 2;
    }

    @Test
    void withoutAnyEnvironmentTheTestDefaultsAreUsedAndAnUnsetBrokerIsSaidPlainly() throws IOException {
        List<TestInfrastructure.Endpoint> needed = TestInfrastructure.required(config(
                "quarkus.datasource.db-kind=postgresql\nquarkus.mongodb.database=n\nquarkus.kafka-streams.application-id=i"),
                settings(Map.of()), false);
        assertEquals(List.of("Kafka@127.0.0.1:19392", "PostgreSQL@127.0.0.1:5432", "MongoDB@127.0.0.1:17027"), names(needed));
        // Quarkus itself would look for localhost:9092, so a broker that is up but not named is as good as missing
        assertEquals(Optional.of("KAFKA_BOOTSTRAP_SERVERS is not set: start the test infrastructure with "
                + "eval \"$(PETITIONS_ENV=test ./petitions infra up | grep '^export')\""), TestInfrastructure.check(needed.get(0), 500));
    }

    @Test
    void theSystemPropertyOfTheBrokerWinsOverTheEnvironmentVariable() throws IOException {
        Map<String, String> both = Map.of("kafka.bootstrap.servers", "127.0.0.1:1111", "KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:2222");
        assertEquals(List.of("Kafka@127.0.0.1:1111"), names(TestInfrastructure.required(
                config("quarkus.kafka-streams.application-id=i"), settings(both), false)));
    }
}

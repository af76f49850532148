package gov.petitions.platform.outbox;

import gov.petitions.testing.KafkaProbe;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.persistence.EntityManager;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.header.Header;

import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/** What the relay tests share: their topic on the real broker, relays made by hand, looks at the table. */
final class OutboxFixture {

    /** The broker does not create topics by itself; six partitions, like the services' topics. */
    static final String TOPIC = "outbox.test";

    private OutboxFixture() {
    }

    static void ensureTopic() throws Exception {
        try (AdminClient admin = AdminClient.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaProbe.bootstrapServers()))) {
            try {
                admin.createTopics(List.of(new NewTopic(TOPIC, 6, (short) 1))).all().get(30, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
        }
    }

    /** The settings of a relay made by hand: a second replica, or the same service after a restart. */
    record Settings(String source, Duration pollInterval, int batchSize, Duration retention, Duration retryBackoff,
                    boolean relayEnabled) implements OutboxConfig {
        @Override
        public Duration linger() {
            return Duration.ZERO;
        }
    }

    static OutboxRelay relay(EntityManager entityManager, Map<String, Object> kafka, Clock clock, int batchSize,
                             boolean workerRunning) {
        return new OutboxRelay(new Settings("/outbox-test", Duration.ofMillis(100), batchSize, Duration.ofDays(7),
                Duration.ofMillis(200), workerRunning), entityManager, new SimpleMeterRegistry(), kafka, clock, null);
    }

    static void execute(DataSource dataSource, String sql) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    static long count(DataSource dataSource, String sql, Object... parameters) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    static String header(ConsumerRecord<String, String> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}

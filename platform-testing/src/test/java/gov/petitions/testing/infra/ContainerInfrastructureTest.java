package gov.petitions.testing.infra;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The containers' fallback, as far as a machine without Docker can check it: it can be switched off, and the topics
 * it creates are {@code infra/kafka/topics.txt}'s with their partition counts, created on the real test broker (the
 * broker already has them from {@code ./petitions infra up}: creating them again must be harmless and leave them).
 * Starting the containers themselves needs Docker (docs/testing.md says how that path was and was not verified).
 */
class ContainerInfrastructureTest {

    @Test
    void switchedOffItNeverAsksDocker() {
        String before = System.getProperty("petitions.testcontainers");
        System.setProperty("petitions.testcontainers", "false");
        try {
            assertFalse(ContainerInfrastructure.available());
        } finally {
            if (before == null) {
                System.clearProperty("petitions.testcontainers");
            } else {
                System.setProperty("petitions.testcontainers", before);
            }
        }
    }

    @Test
    void theTopicsFileIsTheCheckoutsOwn() throws Exception {
        Path file = ContainerInfrastructure.topicsFile();
        assertTrue(file.endsWith(Path.of("infra", "kafka", "topics.txt")), file.toString());
        assertTrue(Files.readString(file).contains("petition.registered"));
    }

    @Test
    void theTopicsAreTopicsTxtsWithTheirPartitionsAndCreatingThemTwiceIsHarmless() throws Exception {
        String servers = System.getProperty("kafka.bootstrap.servers", System.getenv("KAFKA_BOOTSTRAP_SERVERS"));
        org.junit.jupiter.api.Assumptions.assumeTrue(servers != null && !servers.isBlank(),
                "KAFKA_BOOTSTRAP_SERVERS is not set: " + TestInfrastructure.HOW_TO_START);
        Map<String, Integer> expected = new LinkedHashMap<>();
        for (String line : Files.readAllLines(ContainerInfrastructure.topicsFile())) {
            String trimmed = line.strip();
            if (!trimmed.isEmpty() && !trimmed.startsWith("#")) {
                String[] parts = trimmed.split("\\s+");
                expected.put(parts[0], Integer.parseInt(parts[1]));
            }
        }
        ContainerInfrastructure.createTopics(servers);
        ContainerInfrastructure.createTopics(servers);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, servers))) {
            Map<String, TopicDescription> described = admin.describeTopics(expected.keySet()).allTopicNames()
                    .get(30, TimeUnit.SECONDS);
            for (Map.Entry<String, Integer> topic : expected.entrySet()) {
                assertEquals(topic.getValue(), described.get(topic.getKey()).partitions().size(), topic.getKey());
            }
        }
    }
}

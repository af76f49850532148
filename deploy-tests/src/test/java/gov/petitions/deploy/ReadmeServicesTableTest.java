package gov.petitions.deploy;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's services table is what a newcomer reads first, so it must say what the code does: for every service,
 * the topics it consumes and publishes are those of contracts/asyncapi.yaml, the topics it consumes are those its
 * application.properties subscribe to, and the topics it publishes are those its code names as a topic constant
 * ({@code TOPIC} or {@code ..._TOPIC}) or as an outbox event's {@code @EventContract} — dead-letter topics aside.
 */
class ReadmeServicesTableTest {

    private static final Pattern TOPIC = Pattern.compile("`([a-z]+\\.[a-z.-]+)`");

    @Test
    void theServicesTableNamesEveryTopicEachServiceConsumesAndPublishes() throws IOException {
        Map<String, String[]> rows = servicesTable();
        assertEquals(new TreeSet<>(Repo.SERVICES), new TreeSet<>(rows.keySet()), "one row per service");
        Contract contract = Contract.get();
        for (String service : Repo.SERVICES) {
            String[] row = rows.get(service);
            assertEquals(withoutDeadLetters(contract.receives.get(service)), topics(row[3]),
                    "README's 'consumes' of " + service + " against contracts/asyncapi.yaml");
            assertEquals(withoutDeadLetters(contract.sends.get(service)), topics(row[4]),
                    "README's 'publishes' of " + service + " against contracts/asyncapi.yaml");
            assertEquals(publishedTopics(service), topics(row[4]),
                    "README's 'publishes' of " + service + " against the topic constants of its code");
            Set<String> subscribed = subscribedTopics(service);
            if (!subscribed.isEmpty()) {
                assertEquals(subscribed, topics(row[3]),
                        "README's 'consumes' of " + service + " against its application.properties");
            }
        }
    }

    /** service → its row's cells (service, owns, datastore, consumes, publishes). */
    private static Map<String, String[]> servicesTable() throws IOException {
        Map<String, String[]> rows = new LinkedHashMap<>();
        for (String line : Files.readAllLines(Repo.path("README.md"))) {
            if (!line.startsWith("| `")) {
                continue;
            }
            String[] cells = line.substring(1, line.length() - 1).split("\\|");
            String name = cells[0].trim().replace("`", "");
            if (Repo.SERVICES.contains(name)) {
                assertTrue(cells.length >= 5, "row of " + name + " has 5 cells");
                rows.put(name, cells);
            }
        }
        return rows;
    }

    private static Set<String> topics(String cell) {
        Set<String> topics = new TreeSet<>();
        Matcher m = TOPIC.matcher(cell);
        while (m.find()) {
            topics.add(m.group(1));
        }
        return topics;
    }

    private static Set<String> withoutDeadLetters(Set<String> topics) {
        Set<String> kept = new TreeSet<>();
        for (String t : topics == null ? Set.<String>of() : topics) {
            if (!t.endsWith(".dlq")) {
                kept.add(t);
            }
        }
        return kept;
    }

    private static final Pattern TOPIC_CONSTANT =
            Pattern.compile("static final String (?:[A-Z_]+_)?TOPIC\\s*=\\s*\"([a-z]+\\.[a-z.-]+)\"");
    /** An outbox event names its contract, and so its topic, once: {@code @EventContract("case.urged")}. */
    private static final Pattern EVENT_CONTRACT =
            Pattern.compile("@EventContract\\(\\s*(?:value\\s*=\\s*)?\"([a-z]+\\.[a-z.-]+)\"");

    /** The topics the service's code declares as the topic of an event it publishes. */
    private static Set<String> publishedTopics(String service) throws IOException {
        Set<String> topics = new TreeSet<>();
        try (var files = Files.walk(Repo.path(service + "/src/main/java"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String source = Files.readString(file);
                for (Pattern declared : new Pattern[]{TOPIC_CONSTANT, EVENT_CONTRACT}) {
                    Matcher m = declared.matcher(source);
                    while (m.find()) {
                        topics.add(m.group(1));
                    }
                }
            }
        }
        return withoutDeadLetters(topics);
    }

    /** The topics of the service's SmallRye incoming channels (Kafka Streams services have none). */
    private static Set<String> subscribedTopics(String service) throws IOException {
        Path file = Repo.path(service + "/src/main/resources/application.properties");
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        }
        Set<String> topics = new TreeSet<>();
        for (String key : properties.stringPropertyNames()) {
            if (key.matches("mp\\.messaging\\.incoming\\.[^.]+\\.topic")) {
                topics.add(properties.getProperty(key).trim());
            }
        }
        if (service.startsWith("insight")) {
            return Set.of();
        }
        return topics;
    }
}

package gov.petitions.testing;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The contracts agree with themselves and with the topics the project creates. */
class ContractsConsistencyTest {

    @Test
    void everyExampleSatisfiesItsSchema() throws IOException {
        List<Path> examples;
        try (Stream<Path> files = Files.list(Contracts.dir().resolve("examples"))) {
            examples = files.sorted().toList();
        }
        assertFalse(examples.isEmpty());
        for (Path example : examples) {
            String event = example.getFileName().toString().replace(".v1.json", "");
            Contracts.assertValid(event, Files.readString(example));
        }
    }

    @Test
    void schemasRefuseWhatMustNeverBeInAnEvent() {
        String withPhone = Contracts.example("petition.registered").replaceFirst("\\{", "{\"phone\": \"13812345678\",");
        assertFalse(Contracts.isValid("petition.registered", withPhone), "no PII field is accepted");
        String badTime = Contracts.example("petition.registered")
                .replaceAll("\"registeredAt\": \"[^\"]+\"", "\"registeredAt\": \"yesterday\"");
        assertFalse(Contracts.isValid("petition.registered", badTime), "formats are asserted");
    }

    @Test
    void theTopicsTheProjectCreatesAreTheChannelsOfTheAsyncApiDocument() throws IOException {
        Path root = Contracts.dir().getParent();
        Set<String> addresses = new TreeSet<>();
        Matcher m = Pattern.compile("(?m)^\\s+address:\\s*['\"]?([a-z.-]+)['\"]?\\s*$")
                .matcher(Files.readString(Contracts.dir().resolve("asyncapi.yaml")));
        while (m.find()) {
            addresses.add(m.group(1));
        }
        Set<String> created = Files.readAllLines(root.resolve("infra/kafka/topics.txt")).stream()
                .map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#"))
                .map(l -> l.split("\\s+")[0]).collect(Collectors.toCollection(TreeSet::new));
        assertTrue(addresses.size() >= 11, "asyncapi channels found: " + addresses);
        assertEquals(addresses, created);
        Set<String> schemas;
        try (Stream<Path> files = Files.list(Contracts.dir().resolve("events"))) {
            schemas = files.map(p -> p.getFileName().toString().replace(".v1.schema.json", ""))
                    .collect(Collectors.toCollection(TreeSet::new));
        }
        Set<String> eventTopics = new TreeSet<>(created);
        eventTopics.removeIf(t -> t.endsWith(".dlq"));
        assertEquals(eventTopics, schemas, "one schema per event topic");
    }
}

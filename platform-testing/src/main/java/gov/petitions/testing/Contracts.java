package gov.petitions.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Checks events against the JSON Schemas in {@code contracts/}: producers check what they send,
 * consumers check what they are fed, so both sides answer to the same file and not to each other.
 */
public final class Contracts {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Map<String, JsonSchema> SCHEMAS = new ConcurrentHashMap<>();

    private Contracts() {
    }

    public static Path dir() {
        String configured = System.getProperty("contracts.dir");
        if (configured != null && Files.isDirectory(Path.of(configured))) {
            return Path.of(configured);
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.exists(p.resolve("contracts/asyncapi.yaml"))) {
                return p.resolve("contracts");
            }
        }
        throw new IllegalStateException("contracts/ not found above " + Path.of("").toAbsolutePath());
    }

    /** Asserts the JSON is a valid data payload of {@code event} (e.g. "petition.registered"). */
    public static JsonNode assertValid(String event, String json) {
        JsonNode node;
        try {
            node = MAPPER.readTree(json);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + json, e);
        }
        Set<ValidationMessage> errors = schema(event).validate(node);
        if (!errors.isEmpty()) {
            fail(event + " violates its contract: " + errors.stream().map(ValidationMessage::getMessage)
                    .collect(Collectors.joining("; ")) + "\n" + json);
        }
        return node;
    }

    /** The opposite check, for tests that feed a deliberately broken record. */
    public static boolean isValid(String event, String json) {
        try {
            return schema(event).validate(MAPPER.readTree(json)).isEmpty();
        } catch (IOException e) {
            return false;
        }
    }

    /** Asserts a record is a binary-mode CloudEvent of {@code event} keyed by its subject, with valid data. */
    public static JsonNode assertValidRecord(String event, ConsumerRecord<String, String> record) {
        assertEquals("1.0", header(record, "ce_specversion"), "ce_specversion");
        assertEquals("gov.petition." + event + ".v1", header(record, "ce_type"), "ce_type");
        assertNotNull(header(record, "ce_id"), "ce_id");
        assertNotNull(header(record, "ce_source"), "ce_source");
        assertNotNull(header(record, "ce_time"), "ce_time");
        assertEquals(record.key(), header(record, "ce_subject"), "record key = ce_subject = petition id");
        assertTrue(String.valueOf(header(record, "content-type")).startsWith("application/json"), "content-type");
        return assertValid(event, record.value());
    }

    /** An example payload from contracts/examples, for consumer tests to start from. */
    public static String example(String event) {
        try {
            return Files.readString(dir().resolve("examples").resolve(event + ".v1.json"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static JsonSchema schema(String event) {
        return SCHEMAS.computeIfAbsent(event, e -> {
            Path file = dir().resolve("events").resolve(e + ".v1.schema.json");
            try (InputStream in = Files.newInputStream(file)) {
                SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
                return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in, config);
            } catch (IOException ex) {
                throw new UncheckedIOException("cannot read " + file, ex);
            }
        });
    }
}

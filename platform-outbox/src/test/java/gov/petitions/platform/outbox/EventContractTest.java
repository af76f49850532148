package gov.petitions.platform.outbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import gov.petitions.testing.Contracts;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An event names its contract once ({@link EventContract}) and its type and schema follow: checked against every
 * schema file of contracts/events, the source of truth, so a schema whose {@code $id} broke the naming would fail here
 * before any event of it went out with a wrong {@code ce_dataschema}.
 */
class EventContractTest {

    private static final Pattern FILE = Pattern.compile("^(.+)\\.v(\\d+)\\.schema\\.json$");

    @EventContract("case.urged")
    record Urged(UUID petitionId, int urgeCount) implements DomainEvent.OfPetition {
    }

    @EventContract(value = "case.urged", version = 2)
    record UrgedV2(UUID petitionId) implements DomainEvent.OfPetition {
    }

    record Unnamed(UUID petitionId) implements DomainEvent.OfPetition {
    }

    @Test
    void anEventTakesItsTopicTypeAndSchemaFromItsContract() {
        Urged urged = new Urged(UUID.randomUUID(), 1);
        assertEquals("case.urged", urged.topic());
        assertEquals("gov.petition.case.urged.v1", urged.type());
        assertEquals("https://petitions.gov.example/contracts/events/case.urged.v1.schema.json", urged.dataSchema());
        UrgedV2 v2 = new UrgedV2(UUID.randomUUID());
        assertEquals("case.urged", v2.topic(), "a new version on the same topic");
        assertEquals("gov.petition.case.urged.v2", v2.type());
        assertTrue(v2.dataSchema().endsWith("/case.urged.v2.schema.json"), v2.dataSchema());
    }

    @Test
    void everySchemaOfTheContractsHasTheIdAndTypeTheNamingGives() throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        List<Path> schemas;
        try (Stream<Path> files = Files.list(Contracts.dir().resolve("events"))) {
            schemas = files.sorted().toList();
        }
        assertFalse(schemas.isEmpty());
        for (Path schema : schemas) {
            Matcher m = FILE.matcher(schema.getFileName().toString());
            assertTrue(m.matches(), schema.toString());
            String event = m.group(1);
            int version = Integer.parseInt(m.group(2));
            assertEquals(mapper.readTree(schema.toFile()).path("$id").asText(), DomainEvent.dataSchema(event, version),
                    schema.getFileName().toString());
        }
        // the type the consumers' tests expect of every record (Contracts.assertValidRecord)
        assertEquals("gov.petition.petition.registered.v1", DomainEvent.type("petition.registered", 1));
    }

    @Test
    void anEventNamingNoContractSaysSoInsteadOfPublishingWithoutATopic() {
        Unnamed unnamed = new Unnamed(UUID.randomUUID());
        IllegalStateException e = assertThrows(IllegalStateException.class, unnamed::topic);
        assertTrue(e.getMessage().contains("@EventContract"), e.getMessage());
        assertThrows(IllegalStateException.class, unnamed::type);
        assertThrows(IllegalStateException.class, unnamed::dataSchema);
    }

    @Test
    void theContractIsNotPartOfTheData() throws IOException {
        UUID petition = UUID.randomUUID();
        String json = new ObjectMapper().writeValueAsString(new Urged(petition, 3));
        assertEquals(new ObjectMapper().readTree("{\"petitionId\":\"" + petition + "\",\"urgeCount\":3}"),
                new ObjectMapper().readTree(json));
    }
}

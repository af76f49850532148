package gov.petitions.platform.outbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.transaction.TransactionalException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code outbox.record(event)}: an event that knows its topic, type, key and schema is written with them, and is its
 * own data without them. Checked on the row in the real PostgreSQL table the relay reads.
 */
@QuarkusTest
class DomainEventTest {

    private static final String SCHEMA = "https://petitions.local/schemas/test-urged-v1.json";

    /** Like a service's event of a case. */
    record Urged(UUID petitionId, String unitCode, int urgeCount) implements DomainEvent.OfPetition {
        @Override
        public String topic() {
            return OutboxFixture.TOPIC;
        }

        @Override
        public String type() {
            return "gov.petition.test.urged.v1";
        }

        @Override
        public String dataSchema() {
            return SCHEMA;
        }
    }

    /** Like the daily digest: keyed by something else than a petition, no schema named. */
    record Digest(LocalDate day, String root) implements DomainEvent {
        @Override
        public String topic() {
            return OutboxFixture.TOPIC;
        }

        @Override
        public String type() {
            return "gov.petition.test.digest.v1";
        }

        @Override
        public String key() {
            return day.toString();
        }

        @Override
        public String dataSchema() {
            return null;
        }
    }

    @Inject
    Outbox outbox;

    @Inject
    DataSource dataSource;

    @Inject
    ObjectMapper mapper;

    /** The rows are left unpublished: removed, so that no other test's relay sends them. */
    @AfterEach
    void removeRows() throws Exception {
        OutboxFixture.execute(dataSource, "delete from outbox_event where event_type in "
                + "('gov.petition.test.urged.v1', 'gov.petition.test.digest.v1')");
    }

    @Test
    void anEventOfAPetitionIsRecordedUnderItsTopicTypeAndSchemaKeyedByThePetitionWithOnlyItsDataAsPayload()
            throws Exception {
        UUID petition = UUID.randomUUID();
        UUID id = QuarkusTransaction.requiringNew().call(() -> outbox.record(new Urged(petition, "341302-RSJ", 2)));

        List<String> row = row(id);
        assertEquals(List.of(OutboxFixture.TOPIC, "gov.petition.test.urged.v1", petition.toString(), petition.toString(),
                SCHEMA), row.subList(0, 5));
        JsonNode payload = mapper.readTree(row.get(5));
        assertEquals(mapper.readTree("{\"petitionId\":\"" + petition + "\",\"unitCode\":\"341302-RSJ\",\"urgeCount\":2}"),
                payload, "the data alone: " + payload);
    }

    @Test
    void anEventKeyedByItsDayIsRecordedUnderThatKeyAndWithoutASchema() throws Exception {
        UUID id = QuarkusTransaction.requiringNew().call(() ->
                outbox.record(new Digest(LocalDate.parse("2026-12-05"), "ab12")));

        List<String> row = row(id);
        assertEquals("2026-12-05", row.get(2));
        assertEquals("2026-12-05", row.get(3));
        assertNull(row.get(4));
        JsonNode payload = mapper.readTree(row.get(5));
        assertEquals("ab12", payload.get("root").asText());
        assertTrue(payload.has("day") && !payload.has("key") && !payload.has("topic"), payload.toString());
    }

    @Test
    void anEventIsRecordedOnlyInTheTransactionOfItsChange() {
        assertThrows(TransactionalException.class, () -> outbox.record(new Urged(UUID.randomUUID(), "341302-RSJ", 1)));
    }

    private List<String> row(UUID eventId) throws Exception {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement("select topic, event_type, record_key, subject, "
                     + "data_schema, payload::text from outbox_event where event_id = ?")) {
            statement.setObject(1, eventId);
            try (ResultSet rows = statement.executeQuery()) {
                assertTrue(rows.next(), "a row for event " + eventId);
                return Arrays.asList(rows.getString(1), rows.getString(2), rows.getString(3),
                        rows.getString(4), rows.getString(5), rows.getString(6));
            }
        }
    }
}

package gov.petitions.routing;

import gov.petitions.platform.events.CloudEvent;
import gov.petitions.routing.events.PetitionRegistered;
import gov.petitions.routing.messaging.RoutingConsumers;
import gov.petitions.testing.KafkaPolls;
import gov.petitions.testing.SqlSeen;
import gov.petitions.testing.TestSecrets;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * What routing a poll of new petitions costs in statements (issue 20: routing's profile had a fifth of its samples in
 * writing each record's rows before the next). A poll goes through the consumer that applies it, as it comes from
 * Kafka; its assignments and events go to the database as one batch each, and a petition that comes twice in one poll
 * under two event ids is still routed once.
 */
@QuarkusTest
@QuarkusTestResource(TestSecrets.class)
class PollCostTest {

    private static final List<String> CATEGORIES = List.of("labour-wages", "education", "health", "transport", "other");

    @Inject
    RoutingConsumers consumers;

    @Test
    void aPollOfNewPetitionsInsertsItsAssignmentsAndEventsInOneBatchEach() throws Exception {
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            UUID id = UUID.randomUUID();
            ids.add(id);
            records.add(record(records.size(), id, CATEGORIES.get(i % CATEGORIES.size()), UUID.randomUUID()));
        }

        List<String> sql = SqlSeen.during(() -> consumers.onPetitionsRegistered(poll(records)).toCompletableFuture().join());

        assertEquals(1, count(sql, "insert into assignment"), "batches of assignments: " + sql);
        assertEquals(1, count(sql, "insert into outbox_event"), "batches of events: " + sql);
        for (int i = 0; i < ids.size(); i++) {
            assertEquals(List.of(1), sequences(ids.get(i)), "petition " + i + " routed once");
        }
    }

    @Test
    void aPetitionTwiceInOnePollUnderTwoEventIdsIsRoutedOnce() throws Exception {
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        UUID twice = UUID.randomUUID();
        UUID other = UUID.randomUUID();
        records.add(record(0, twice, "education", UUID.randomUUID()));
        records.add(record(1, other, "health", UUID.randomUUID()));
        // a producer that sent it again after a crash, with a new event id: the inbox does not know it, routing does
        records.add(record(2, twice, "education", UUID.randomUUID()));

        consumers.onPetitionsRegistered(poll(records)).toCompletableFuture().join();

        assertEquals(List.of(1), sequences(twice), "one assignment for the petition sent twice");
        assertEquals(List.of(1), sequences(other));
    }

    private static ConsumerRecord<String, String> record(int offset, UUID petitionId, String category, UUID eventId)
            throws Exception {
        String id = petitionId.toString();
        ConsumerRecord<String, String> record = new ConsumerRecord<>("petition.registered", 0, offset, id,
                RoutingFlowTest.registered(id, category, "341302", null));
        CloudEvent.write(record.headers(), eventId, PetitionRegistered.TYPE, "/intake-service", id,
                OffsetDateTime.now(ZoneOffset.UTC), null);
        return record;
    }

    private static KafkaRecordBatch<String, String> poll(List<ConsumerRecord<String, String>> records) {
        return KafkaPolls.of("petition.registered", "petition-registered", records);
    }

    private static List<Integer> sequences(UUID petitionId) {
        return QuarkusTransaction.requiringNew().call(() ->
                Assignment.history(petitionId).stream().map(a -> a.sequence).toList());
    }

    private static int count(List<String> sql, String fragment) {
        return (int) sql.stream().filter(s -> s.toLowerCase(Locale.ROOT).contains(fragment)).count();
    }
}

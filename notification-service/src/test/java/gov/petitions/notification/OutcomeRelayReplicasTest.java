package gov.petitions.notification;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import gov.petitions.notification.domain.Channel;
import gov.petitions.notification.domain.RecipientKind;
import gov.petitions.notification.events.DeliveryOutcomeEvent;
import gov.petitions.notification.repository.OutcomeOutbox;
import gov.petitions.notification.repository.RetryQueue;
import gov.petitions.notification.repository.ToldOutcome;
import gov.petitions.platform.relay.EventRelay;
import gov.petitions.platform.relay.PendingEvent;
import gov.petitions.platform.relay.RelaySettings;
import gov.petitions.testing.Contracts;
import gov.petitions.testing.KafkaProbe;
import gov.petitions.testing.TestSecrets;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.common.annotation.Identifier;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.bson.Document;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The outcome outbox in MongoDB under platform-support's relay, as two replicas run it: two relays over the same
 * outbox never tell an outcome twice and keep each petition's outcomes in the order they were recorded; a replica
 * that dies holding the lease is succeeded once the lease runs out. Each test has an outbox collection of its own,
 * so that the application's own relay (which tells {@code outcome_outbox}) stays out of it.
 */
@QuarkusTest
@QuarkusTestResource(TestSecrets.class)
@QuarkusTestResource(StandIns.class)
class OutcomeRelayReplicasTest {

    @Inject
    MongoClient mongo;

    @ConfigProperty(name = "quarkus.mongodb.database")
    String database;

    @Inject
    RetryQueue retries;

    @Inject
    ObjectMapper mapper;

    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafka;

    private final String collection = "outcome_outbox_test_" + UUID.randomUUID().toString().substring(0, 8);
    private final List<EventRelay> relays = new ArrayList<>();

    @AfterEach
    void cleanUp() {
        relays.forEach(EventRelay::stop);
        db().getCollection(collection).drop();
        db().getCollection("relay_state").deleteMany(Filters.in("_id", collection + ".lease", collection + ".position"));
    }

    @Test
    void twoRelaysOverTheSameOutboxNeverTellAnOutcomeTwiceAndKeepEachPetitionsOrder() throws Exception {
        OutcomeOutbox first = outbox(Duration.ofSeconds(30));
        OutcomeOutbox second = outbox(Duration.ofSeconds(30));
        EventRelay one = relay("a", first);
        EventRelay other = relay("b", second);
        // both replicas record outcomes, one after the other, each with the retry pointer it settles once told
        Map<String, List<UUID>> recorded = recordOutcomes(List.of(first, second), 400, 20);
        assertEquals(400, first.pending());

        CyclicBarrier together = new CyclicBarrier(2);
        ExecutorService replicas = Executors.newFixedThreadPool(2);
        try {
            Future<Integer> byOne = replicas.submit(() -> drain(one, first, together));
            Future<Integer> byOther = replicas.submit(() -> drain(other, second, together));
            assertEquals(400, byOne.get(120, TimeUnit.SECONDS) + byOther.get(120, TimeUnit.SECONDS),
                    "every outcome told once by one of the two");
        } finally {
            replicas.shutdownNow();
        }
        assertEquals(0, first.pending());

        Map<String, List<UUID>> told = read(recorded, 400);
        assertEquals(recorded, told, "each outcome once, each petition's in the order they were recorded");
        assertEquals(0, db().getCollection("retries").countDocuments(Filters.in("_id", pointers)),
                "the retry pointers of the told (final) outcomes are settled");
    }

    @Test
    void aReplicaThatDiesHoldingTheLeaseIsSucceededOnceTheLeaseRunsOut() throws Exception {
        OutcomeOutbox dying = outbox(Duration.ofSeconds(2));
        OutcomeOutbox survivor = outbox(Duration.ofSeconds(2));
        EventRelay dies = relay("dies", dying);
        EventRelay survives = relay("survives", survivor);
        Map<String, List<UUID>> recorded = recordOutcomes(List.of(dying), 30, 3);

        assertEquals(10, dies.relayBatch(), "batches of 10");
        // it dies here, holding the lease: the other stands by rather than tell the rest beside it
        assertEquals(0, survives.relayBatch());
        assertEquals(20, survivor.pending());

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        int bySurvivor = 0;
        while (survivor.pending() > 0) {
            assertTrue(System.nanoTime() < deadline, "the survivor tells the rest once the lease ran out");
            int published = survives.relayBatch();
            bySurvivor += published;
            if (published == 0) {
                Thread.sleep(100);
            }
        }
        assertEquals(20, bySurvivor);
        assertEquals(recorded, read(recorded, 30));
    }

    // ---------------------------------------------------------------- helpers

    private final List<String> pointers = new ArrayList<>();

    private MongoDatabase db() {
        return mongo.getDatabase(database);
    }

    private OutcomeOutbox outbox(Duration lease) {
        return new OutcomeOutbox(db(), collection, retries, Clock.systemUTC(), lease);
    }

    private EventRelay relay(String name, OutcomeOutbox outbox) {
        EventRelay relay = new EventRelay(new RelaySettings("outcome-relay-test-" + name, "/notification-service",
                Duration.ofMillis(100), 10, Duration.ofMillis(200)), outbox, kafka, null, Clock.systemUTC());
        relays.add(relay);
        return relay;
    }

    /**
     * Records {@code outcomes} delivered outcomes round-robin over {@code petitions} petitions, taking turns over the
     * given outboxes (replicas), each with a retry pointer of its own (due in an hour: the scan leaves it alone).
     */
    private Map<String, List<UUID>> recordOutcomes(List<OutcomeOutbox> outboxes, int outcomes, int petitions)
            throws Exception {
        List<String> keys = new ArrayList<>();
        for (int p = 0; p < petitions; p++) {
            keys.add(UUID.randomUUID().toString());
        }
        Map<String, List<UUID>> recorded = new LinkedHashMap<>();
        keys.forEach(k -> recorded.put(k, new ArrayList<>()));
        List<Document> pointerDocuments = new ArrayList<>();
        for (int i = 0; i < outcomes; i++) {
            String petitionId = keys.get(i % petitions);
            String messageId = UUID.randomUUID().toString();
            OffsetDateTime at = OffsetDateTime.now(ZoneOffset.UTC);
            DeliveryOutcomeEvent data = new DeliveryOutcomeEvent(UUID.fromString(messageId), UUID.fromString(petitionId),
                    UUID.randomUUID(), "case.assigned.unit", Channel.LOG, RecipientKind.UNIT, 1, at, null, null, null);
            UUID eventId = UUID.nameUUIDFromBytes((messageId + ":DELIVERED:1").getBytes(StandardCharsets.UTF_8));
            PendingEvent event = new PendingEvent(eventId, DeliveryOutcomeEvent.DELIVERED_TOPIC, petitionId,
                    DeliveryOutcomeEvent.DELIVERED_TYPE, petitionId, at, null, mapper.writeValueAsString(data));
            pointers.add(messageId);
            pointerDocuments.add(new Document("_id", messageId).append("messageId", messageId).append("generation", 0)
                    .append("nextAttemptAt", Date.from(Instant.now().plusSeconds(3600))));
            outboxes.get(i % outboxes.size()).append(event, new ToldOutcome(messageId, true, 1));
            recorded.get(petitionId).add(eventId);
        }
        db().getCollection("retries").insertMany(pointerDocuments);
        return recorded;
    }

    private static int drain(EventRelay relay, OutcomeOutbox outbox, CyclicBarrier together) throws Exception {
        together.await(30, TimeUnit.SECONDS);
        // a replica that finds the other holding the lease gets 0 and looks again, as its worker would after a pause
        int total = 0;
        while (outbox.pending() > 0) {
            int published = relay.relayBatch();
            total += published;
            if (published == 0) {
                Thread.sleep(20);
            }
        }
        return total;
    }

    /** The petitions' outcomes as notification.delivered holds them, each petition's in the topic's order. */
    private static Map<String, List<UUID>> read(Map<String, List<UUID>> recorded, int expected) {
        Set<String> keys = recorded.keySet();
        try (KafkaProbe probe = KafkaProbe.open(DeliveryOutcomeEvent.DELIVERED_TOPIC)) {
            probe.await(r -> keys.contains(r.key()), expected, Duration.ofSeconds(60));
            List<ConsumerRecord<String, String>> all = probe.settle(r -> keys.contains(r.key()), Duration.ofSeconds(1));
            Contracts.assertValidRecord(DeliveryOutcomeEvent.DELIVERED_TOPIC, all.get(0));
            Map<String, List<UUID>> seen = new LinkedHashMap<>();
            keys.forEach(k -> seen.put(k, new ArrayList<>()));
            for (ConsumerRecord<String, String> record : all) {
                seen.get(record.key()).add(UUID.fromString(header(record, "ce_id")));
            }
            assertEquals(expected, all.stream().map(r -> header(r, "ce_id")).collect(Collectors.toSet()).size());
            return seen;
        }
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}

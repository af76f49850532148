package gov.petitions.notification;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import gov.petitions.notification.domain.Channel;
import gov.petitions.notification.domain.MessageStatus;
import gov.petitions.notification.domain.RecipientKind;
import gov.petitions.notification.repository.Attempt;
import gov.petitions.notification.repository.Deliveries;
import gov.petitions.notification.repository.Message;
import gov.petitions.notification.repository.Messages;
import gov.petitions.notification.repository.Petition;
import gov.petitions.notification.repository.Petitions;
import gov.petitions.testing.Contracts;
import gov.petitions.testing.KafkaProbe;
import gov.petitions.testing.TestSecrets;
import gov.petitions.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.bson.Document;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the fast path leaves to the database when a worker dies, and what keeps two workers apart: a message
 * stored claimed by a worker that died is sent by the retry scan once the lease has run out; an outcome recorded
 * but never told is told; a claim is taken once; a step parked just after its registration is not lost.
 */
@QuarkusTest
@QuarkusTestResource(TestSecrets.class)
@QuarkusTestResource(StandIns.class)
class ClaimsTest {

    private static KafkaProbe delivered;

    @Inject
    Messages messages;

    @Inject
    Deliveries deliveries;

    @Inject
    Petitions petitions;

    @Inject
    MongoClient mongo;

    @ConfigProperty(name = "quarkus.mongodb.database")
    String database;

    @BeforeAll
    static void open() {
        delivered = KafkaProbe.open("notification.delivered");
    }

    @AfterAll
    static void close() {
        delivered.close();
    }

    /** A notice to a unit with nothing registered: the log channel, which always delivers. */
    private static Document message(String petitionId) {
        return new Document("_id", UUID.randomUUID().toString()).append("eventId", UUID.randomUUID().toString())
                .append("eventType", "gov.petition.case.assigned.v1").append("petitionId", petitionId)
                .append("recipientKind", "UNIT").append("recipientRef", ChannelsTest.unitCode("CL")).append("channel", "LOG")
                .append("template", "case.assigned.unit").append("templateVersion", 1)
                .append("subject", "【信访】交办通知").append("text", "测试").append("status", "PENDING")
                .append("attempts", new ArrayList<Document>()).append("createdAt", new Date());
    }

    /** The same notice as stored by a worker: claimed by it until {@code leaseUntil}. */
    private static Message claimed(String petitionId, Instant leaseUntil) {
        return Message.claimedNew(UUID.randomUUID().toString(), "gov.petition.case.assigned.v1", petitionId,
                RecipientKind.UNIT, ChannelsTest.unitCode("CL"), Channel.LOG, "case.assigned.unit", 1, "【信访】交办通知",
                "测试", null, Instant.now(), leaseUntil);
    }

    private MongoDatabase db() {
        return mongo.getDatabase(database);
    }

    @Test
    void aMessageWhoseWorkerDiedBeforeSendingIsSentOnceItsLeaseRunsOut() {
        String petitionId = UUID.randomUUID().toString();
        // stored, claimed by a worker that died right after: its lease is over, nobody sends it from memory
        Message stored = claimed(petitionId, Instant.now().minusSeconds(1));
        assertEquals(List.of(), messages.storeClaimed(List.of(stored)));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().auth().oauth2(TestTokens.auditor()).get("/messages/" + stored.id())
                        .then().body("status", equalTo("DELIVERED")).body("attempts", hasSize(1)));
        Contracts.assertValidRecord("notification.delivered", delivered.awaitKey(petitionId, Duration.ofSeconds(30)));
        await().atMost(Duration.ofSeconds(10)).until(() ->
                db().getCollection("retries").find(Filters.eq("_id", stored.id())).first() == null);
    }

    @Test
    void anOutcomeRecordedButNeverToldIsToldByTheScan() {
        String petitionId = UUID.randomUUID().toString();
        String id = UUID.randomUUID().toString();
        Date at = new Date(System.currentTimeMillis() - 5_000);
        // the worker recorded the delivery and died before its relay told it; the pointer's lease has run out
        db().getCollection("messages").insertOne(message(petitionId).append("_id", id).append("status", "DELIVERED")
                .append("attempts", List.of(new Document("at", at).append("outcome", "DELIVERED").append("destination", "log")
                        .append("durationMs", 1L)))
                .append("outcomeSeq", 1).append("finishedAt", at).append("claim", UUID.randomUUID().toString()));
        db().getCollection("retries").insertOne(new Document("_id", id).append("messageId", id).append("generation", 0)
                .append("nextAttemptAt", at));

        var record = delivered.awaitKey(petitionId, Duration.ofSeconds(30));
        assertTrue(record.value().contains(id), record.value());
        await().atMost(Duration.ofSeconds(10)).until(() ->
                db().getCollection("retries").find(Filters.eq("_id", id)).first() == null);
    }

    @Test
    void aClaimIsTakenOnceAndAStaleHolderCanNeitherRenewNorRecord() {
        // held by a live worker for a minute: the scan leaves it alone
        Message stored = claimed(UUID.randomUUID().toString(), Instant.now().plusSeconds(60));
        messages.storeClaimed(List.of(stored));
        try {
            Message read = messages.find(stored.id()).orElseThrow();
            Message first = deliveries.claim(read, Instant.now().plusSeconds(60)).orElse(null);
            assertNotNull(first);
            // a second replica that read the message at the same moment
            assertTrue(deliveries.claim(read, Instant.now().plusSeconds(60)).isEmpty());
            // the worker that stored it, its claim gone meanwhile
            String staleToken = stored.claim();
            assertTrue(deliveries.renewClaim(staleToken, Instant.now().plusSeconds(60)).isEmpty());
            assertTrue(recordFinal(read, staleToken).isEmpty());
            assertEquals(MessageStatus.PENDING, messages.find(stored.id()).orElseThrow().status());
            // the holder records its outcome, and gets back what telling it needs, not the message's texts
            Message recorded = recordFinal(first, first.claim()).orElseThrow();
            assertEquals(MessageStatus.DELIVERED, recorded.status());
            assertEquals(List.of("log"), recorded.attempts().stream().map(Attempt::destination).toList());
            assertEquals(List.of(stored.id(), stored.eventId(), stored.template()),
                    List.of(recorded.id(), recorded.eventId(), recorded.template()));
            assertNull(recorded.text());
            assertNotNull(messages.find(stored.id()).orElseThrow().text(), "the stored message keeps its text");
        } finally {
            db().getCollection("messages").deleteOne(Filters.eq("_id", stored.id()));
            db().getCollection("retries").deleteOne(Filters.eq("_id", stored.id()));
        }
    }

    private Optional<Message> recordFinal(Message message, String claim) {
        return deliveries.recordFinals(List.of(new Deliveries.FinalOutcome(message, claim, MessageStatus.DELIVERED,
                Attempt.delivered(Instant.now(), "log", 1), 1, Instant.now()))).get(0);
    }

    @Test
    void aRunOfOutcomesIsOneWriteEachOnlyWhereItsHolderStillHoldsIt() {
        List<Message> stored = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            stored.add(claimed(UUID.randomUUID().toString(), Instant.now().plusSeconds(60)));
        }
        messages.storeClaimed(stored);
        try {
            // the first three, all still held by the worker that stored them: one bulk update, nothing read back
            List<Deliveries.FinalOutcome> held = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                held.add(outcome(stored.get(i), stored.get(i).claim(), i));
            }
            MongoCommands.reset();
            List<Optional<Message>> recorded = deliveries.recordFinals(held);
            assertEquals(Map.of("update messages", 1L), commandsOfThisThread());
            for (int i = 0; i < 3; i++) {
                assertRecordedAsRead(recorded.get(i).orElseThrow(), i);
            }

            // of the other three, one was taken by another replica meanwhile: its outcome is not recorded, the others are
            Message taken = deliveries.claim(messages.find(stored.get(4).id()).orElseThrow(),
                    Instant.now().plusSeconds(60)).orElseThrow();
            List<Deliveries.FinalOutcome> mixed = new ArrayList<>();
            for (int i = 3; i < 6; i++) {
                mixed.add(outcome(stored.get(i), stored.get(i).claim(), i));
            }
            MongoCommands.reset();
            recorded = deliveries.recordFinals(mixed);
            assertEquals(Map.of("update messages", 1L, "find messages", 1L), commandsOfThisThread());
            assertRecordedAsRead(recorded.get(0).orElseThrow(), 3);
            assertTrue(recorded.get(1).isEmpty(), "a claim that passed to another worker records nothing");
            assertRecordedAsRead(recorded.get(2).orElseThrow(), 5);
            Message kept = messages.find(taken.id()).orElseThrow();
            assertEquals(List.of(MessageStatus.PENDING, taken.claim()), List.of(kept.status(), kept.claim()),
                    "its new holder's state stands");
        } finally {
            db().getCollection("messages").deleteMany(Filters.in("_id", stored.stream().map(Message::id).toList()));
            db().getCollection("retries").deleteMany(Filters.in("_id", stored.stream().map(Message::id).toList()));
        }
    }

    private static Deliveries.FinalOutcome outcome(Message message, String claim, int i) {
        return i % 2 == 0
                ? new Deliveries.FinalOutcome(message, claim, MessageStatus.DELIVERED,
                        Attempt.delivered(Instant.now(), "log-" + i, 1), 1, Instant.now())
                : new Deliveries.FinalOutcome(message, claim, MessageStatus.DEAD,
                        Attempt.failed(Instant.now(), "gone-" + i, 1), 1, Instant.now());
    }

    /** What the worker got back is what a read of the recorded message gives, texts aside. */
    private void assertRecordedAsRead(Message recorded, int i) {
        Message read = messages.find(recorded.id()).orElseThrow();
        assertEquals(i % 2 == 0 ? MessageStatus.DELIVERED : MessageStatus.DEAD, read.status());
        assertEquals(List.of(read.status(), read.attempts(), read.finishedAt(), read.outcomeSeq(), read.claim(),
                        read.pointerId()),
                List.of(recorded.status(), recorded.attempts(), recorded.finishedAt(), recorded.outcomeSeq(),
                        recorded.claim(), recorded.pointerId()));
        assertNull(read.leaseUntil());
        assertNull(recorded.text());
        assertNotNull(read.text(), "the stored message keeps its text");
    }

    /** MongoDB commands this (the test's) thread sent since the last reset, by command and collection. */
    private static Map<String, Long> commandsOfThisThread() {
        String role = "other(" + Thread.currentThread().getName().replaceAll("-?\\d+$", "") + ") ";
        Map<String, Long> mine = new java.util.TreeMap<>();
        MongoCommands.snapshot().forEach((key, count) -> {
            if (key.startsWith(role)) {
                mine.put(key.substring(role.length()), count);
            }
        });
        return mine;
    }

    @Test
    void aStepParkedJustAfterItsRegistrationIsToldByWhoParkedIt() {
        String late = UUID.randomUUID().toString();
        petitions.register(late, "ref-" + late, "XF20261126000001", null, List.of());
        // the registration was written first: parking sees it, so the step's own handler tells it
        Petition afterParking = petitions.park(late, step(UUID.randomUUID().toString()));
        assertEquals("ref-" + late, afterParking.petitionerRef());

        String early = UUID.randomUUID().toString();
        String eventId = UUID.randomUUID().toString();
        Petition parked = petitions.park(early, step(eventId));
        assertNull(parked.petitionerRef());
        // the step was parked first: the registration sees it, so the registration tells it
        Petition before = petitions.register(early, "ref-" + early, "XF20261126000002", null, List.of());
        assertEquals(List.of(eventId), before.parked().stream().map(Petition.ParkedStep::eventId).toList());
        petitions.unpark(early, List.of(eventId));
        assertEquals(List.of(), petitions.registered(early).orElseThrow().parked());
    }

    private static Petition.ParkedStep step(String eventId) {
        return new Petition.ParkedStep(eventId, "gov.petition.case.assigned.v1", "{}", Instant.now());
    }
}

package gov.petitions.notification;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
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

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * 信访档案 (issue #22): case.archived, through the real broker, removes what notification holds of the archived case's
 * petitioner from MongoDB — the petitioner's reference, the texts of every message about the case, the masked
 * destinations and errors of their attempts, the letters — and keeps what delivery statistics need; the same
 * petitioner's other petition keeps everything; a message still pending is cancelled and its worker can record
 * nothing; a redelivery changes nothing; a registration replayed later tells no one; staff still read the case's
 * messages, with the marker in place of their texts; a record breaking the contract goes to the dead-letter topic.
 */
@QuarkusTest
@QuarkusTestResource(TestSecrets.class)
@QuarkusTestResource(StandIns.class)
class ArchivedCasesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MARKER = "[archived]";
    private static final String TYPE = "gov.petition.case.archived.v1";

    private static KafkaProbe deadLetters;

    @Inject
    MongoClient mongo;

    @Inject
    Messages messages;

    @Inject
    Deliveries deliveries;

    @ConfigProperty(name = "quarkus.mongodb.database")
    String database;

    @BeforeAll
    static void open() {
        deadLetters = KafkaProbe.open("notification-service.dlq");
    }

    @AfterAll
    static void close() {
        deadLetters.close();
    }

    private MongoDatabase db() {
        return mongo.getDatabase(database);
    }

    private List<Document> documents(String collection, String petitionId) {
        return db().getCollection(collection).find(Filters.eq("petitionId", petitionId)).into(new ArrayList<>());
    }

    private Document petition(String petitionId) {
        return db().getCollection("petitions").find(Filters.eq("_id", petitionId)).first();
    }

    private static String archivedEvent(String petitionId, String trackingNumber) throws Exception {
        ObjectNode data = (ObjectNode) JSON.readTree(Contracts.example("case.archived"));
        data.put("petitionId", petitionId).put("trackingNumber", trackingNumber)
                .put("archiveId", UUID.randomUUID().toString()).put("archivedAt", OffsetDateTime.now().toString());
        String json = JSON.writeValueAsString(data);
        Contracts.assertValid("case.archived", json);
        return json;
    }

    private static List<Map<String, Object>> awaitDelivered(String petitionId, int count) {
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            List<Map<String, Object>> all = ChannelsTest.messages(petitionId);
            return all.size() == count && all.stream().allMatch(m -> "DELIVERED".equals(m.get("status")));
        });
        return ChannelsTest.messages(petitionId);
    }

    /** What delivery statistics read of a stored message: none of it may change with the archive. */
    private static List<Object> statistics(Document message) {
        List<Object> attempts = message.getList("attempts", Document.class).stream()
                .map(a -> List.of(a.getDate("at"), a.getString("outcome"), a.get("durationMs"))).map(Object.class::cast)
                .toList();
        return List.of(message.getString("_id"), message.getString("eventId"), message.getString("recipientKind"),
                message.getString("channel"), message.getString("template"), message.get("templateVersion"),
                message.getString("status"), message.getDate("createdAt"), String.valueOf(message.getDate("finishedAt")),
                attempts);
    }

    private static String log() throws Exception {
        return Files.readString(Path.of("target", "notification-test.log"), StandardCharsets.UTF_8);
    }

    @Test
    void anArchivedCaseKeepsItsDeliveryStatisticsAndNothingOfItsPetitioner() throws Exception {
        String ref = UUID.randomUUID().toString();
        String phone = "1356" + String.format("%07d", ThreadLocalRandom.current().nextInt(10_000_000));
        String masked = phone.substring(0, 3) + "****" + phone.substring(7);
        Received.contact(ref, "档案" + (char) ('甲' + ThreadLocalRandom.current().nextInt(10)) + "测", phone,
                "安徽省蚌埠市档案路" + ThreadLocalRandom.current().nextInt(1000, 9999) + "号");
        String unit = ChannelsTest.unitCode("ARC");
        String unitAddress = "archive-" + UUID.randomUUID().toString().substring(0, 8) + "@units.gov.example";
        given().auth().oauth2(ChannelsTest.admin()).contentType("application/json").body(Map.of("address", unitAddress))
                .put("/recipients/" + unit + "/email").then().statusCode(200);

        // the case to archive: its receipt, the unit's notice and the petitioner's, a refusal by SMS and by letter
        String archived = UUID.randomUUID().toString();
        String archivedNumber = Events.trackingNumber();
        UUID registration = Events.registered(archived, ref, archivedNumber);
        awaitDelivered(archived, 1);
        Events.assigned(archived, archivedNumber, unit, "测试县档案局");
        awaitDelivered(archived, 3);
        Events.statusChanged(archived, archivedNumber, "ASSIGNED", "NOT_ACCEPTED", "不属于信访事项受理范围");
        List<Map<String, Object>> sent = awaitDelivered(archived, 5);
        String letterId = (String) sent.stream().filter(m -> "LETTER".equals(m.get("channel"))).findFirst()
                .orElseThrow().get("messageId");
        given().auth().oauth2(ChannelsTest.clerk()).post("/print-queue/" + letterId + "/printed").then().statusCode(200);
        // and one message a worker holds right now, not yet sent (its lease runs a minute)
        Message held = Message.claimedNew(UUID.randomUUID().toString(), "gov.petition.case.status-changed.v1", archived,
                RecipientKind.PETITIONER, ref, Channel.SMS, "case.extended.petitioner", 1, null,
                "您的信访事项" + archivedNumber + "办理期限延长", null, Instant.now(), Instant.now().plusSeconds(60));
        messages.storeClaimed(List.of(held));
        assertTrue(db().getCollection("retries").find(Filters.eq("_id", held.id())).first() != null);

        // the same petitioner's other petition, not archived
        String other = UUID.randomUUID().toString();
        String otherNumber = Events.trackingNumber();
        Events.registered(other, ref, otherNumber);
        awaitDelivered(other, 1);

        Map<String, List<Object>> before = new HashMap<>();
        documents("messages", archived).forEach(m -> before.put(m.getString("_id"), statistics(m)));
        assertEquals(6, before.size());
        List<Document> otherBefore = documents("messages", other);
        Document petitionBefore = petition(archived);
        assertEquals(ref, petitionBefore.getString("petitionerRef"));

        UUID event = UUID.randomUUID();
        KafkaProbe.send("case.archived", archived, TYPE, event, archivedEvent(archived, archivedNumber));
        await().atMost(Duration.ofSeconds(60)).until(() -> petition(archived).get("archivedAt") != null
                && documents("messages", archived).stream().allMatch(m -> MARKER.equals(m.getString("text"))));

        // the petition: no petitioner any more, still its place and unit (the scope of what is left)
        Document petition = petition(archived);
        assertFalse(petition.containsKey("petitionerRef"), petition.toJson());
        assertFalse(petition.containsKey("parked"), petition.toJson());
        assertEquals(petitionBefore.getString("locationCode"), petition.getString("locationCode"));
        assertEquals(unit, petition.getString("unitCode"));

        // its messages: every one still there with its statistics, none with a text, an address or the petitioner
        List<Document> after = documents("messages", archived);
        assertEquals(before.keySet(), new java.util.HashSet<>(after.stream().map(m -> m.getString("_id")).toList()));
        for (Document message : after) {
            String json = message.toJson();
            assertFalse(json.contains(ref) || json.contains(masked) || json.contains(archivedNumber)
                    || json.contains(unitAddress.substring(1)), "left of the petitioner or the case: " + json);
            assertEquals(MARKER, message.getString("text"));
            assertTrue(message.getString("subject") == null || MARKER.equals(message.getString("subject")), json);
            assertFalse(message.containsKey("data"), "a letter's data: " + json);
            for (Document attempt : message.getList("attempts", Document.class)) {
                assertFalse(attempt.containsKey("destination") || attempt.containsKey("error"), json);
            }
            if ("PETITIONER".equals(message.getString("recipientKind"))) {
                assertEquals(MARKER, message.getString("recipientRef"));
            } else {
                assertEquals(unit, message.getString("recipientRef"), "a unit is no person: " + json);
            }
            if (message.getString("_id").equals(held.id())) {
                assertEquals("CANCELLED", message.getString("status"));
                assertTrue(message.getDate("finishedAt") != null && !message.containsKey("leaseUntil"), json);
            } else {
                assertEquals(before.get(message.getString("_id")), statistics(message), "statistics kept: " + json);
            }
        }
        // the cancelled message is retried by no one, and its worker, still sending, records nothing on it
        assertNull(db().getCollection("retries").find(Filters.eq("_id", held.id())).first());
        assertTrue(deliveries.recordFinals(List.of(new Deliveries.FinalOutcome(held, held.claim(),
                MessageStatus.DELIVERED, Attempt.delivered(Instant.now(), masked, 5), 1, Instant.now()))).get(0).isEmpty());
        assertEquals("CANCELLED", db().getCollection("messages").find(Filters.eq("_id", held.id())).first()
                .getString("status"));

        // the printed letter: when and by whom stay, its text and addressee go
        Document letter = db().getCollection("print_queue").find(Filters.eq("_id", letterId)).first();
        assertEquals("PRINTED", letter.getString("status"));
        assertEquals(MARKER, letter.getString("text"));
        assertEquals(MARKER, letter.getString("title"));
        assertFalse(letter.containsKey("addresseeMasked") || letter.containsKey("recipientRef"), letter.toJson());
        assertTrue(letter.getDate("printedAt") != null && letter.getString("printedBy") != null);

        // the petitioner's other petition keeps everything
        List<Document> otherAfter = documents("messages", other);
        assertEquals(otherBefore, otherAfter);
        assertTrue(otherAfter.get(0).getString("text").contains(otherNumber));
        assertEquals(ref, otherAfter.get(0).getString("recipientRef"));
        assertEquals(masked, otherAfter.get(0).getList("attempts", Document.class).get(0).getString("destination"));
        assertEquals(ref, petition(other).getString("petitionerRef"));

        // nowhere in the database is the petitioner linked to the archived case any more
        List<String> linked = new ArrayList<>();
        for (String collection : db().listCollectionNames()) {
            for (Document document : db().getCollection(collection).find()) {
                String json = document.toJson();
                if (json.contains(archived) && (json.contains(ref) || json.contains(masked))) {
                    linked.add(collection + ": " + document.get("_id"));
                }
            }
        }
        assertEquals(List.of(), linked);

        // staff read the case's messages and letter as before, with the marker in place of what went
        given().auth().oauth2(TestTokens.auditor()).queryParam("petitionId", archived).get("/messages").then()
                .statusCode(200).body("size()", equalTo(6)).body("text.unique()", equalTo(List.of(MARKER)));
        given().auth().oauth2(ChannelsTest.clerk()).queryParam("petitionId", archived).get("/messages").then()
                .statusCode(200).body("size()", equalTo(6));
        given().auth().oauth2(TestTokens.auditor()).get("/messages/" + letterId).then().statusCode(200)
                .body("text", equalTo(MARKER)).body("recipientRef", equalTo(MARKER))
                .body("status", equalTo("DELIVERED")).body("attempts[0].outcome", equalTo("DELIVERED"));
        given().auth().oauth2(ChannelsTest.clerk()).queryParam("status", "PRINTED").get("/print-queue").then()
                .statusCode(200).body("find { it.letterId == '" + letterId + "' }.title", equalTo(MARKER));
        given().auth().oauth2(ChannelsTest.clerk()).get("/print-queue/" + letterId + "/pdf").then()
                .statusCode(410).contentType("application/problem+json");
        String petitionersMessage = after.stream().filter(m -> "PETITIONER".equals(m.getString("recipientKind"))
                && !m.getString("_id").equals(held.id())).findFirst().orElseThrow().getString("_id");
        given().auth().oauth2(ChannelsTest.admin()).post("/messages/" + petitionersMessage + "/resend").then()
                .statusCode(409).contentType("application/problem+json").body("type", containsString("case-archived"));

        // the same event again changes nothing (not even a claim)
        Map<String, String> snapshot = new HashMap<>();
        documents("messages", archived).forEach(m -> snapshot.put(m.getString("_id"), m.toJson()));
        KafkaProbe.send("case.archived", archived, TYPE, event, archivedEvent(archived, archivedNumber));
        await().atMost(Duration.ofSeconds(60)).until(() ->
                log().split("Case " + archived + " archived", -1).length - 1 >= 2);
        assertTrue(log().contains("Case " + archived + " archived: 0 messages reduced now, 1 cancelled"));
        Map<String, String> again = new HashMap<>();
        documents("messages", archived).forEach(m -> again.put(m.getString("_id"), m.toJson()));
        assertEquals(snapshot, again);

        // its registration replayed later (from the dead-letter topic, say) tells no one and brings no one back;
        // a registration sent after it under the same key (same partition, so consumed after it) shows it was applied
        String witness = UUID.randomUUID().toString();
        Events.redeliver(registration);
        KafkaProbe.send("petition.registered", archived, "gov.petition.petition.registered.v1", UUID.randomUUID(),
                ReceiptFlowTest.registered(witness, Events.trackingNumber()));
        awaitDelivered(witness, 1);
        assertEquals(6, documents("messages", archived).size(), "no new receipt");
        assertFalse(petition(archived).containsKey("petitionerRef"), petition(archived).toJson());
    }

    @Test
    void anArchiveBreakingTheContractGoesToTheDeadLetterTopicAndRemovesNothing() throws Exception {
        String petitionId = UUID.randomUUID().toString();
        String number = Events.trackingNumber();
        Events.registered(petitionId, UUID.randomUUID().toString(), number);
        awaitDelivered(petitionId, 1);

        ObjectNode data = (ObjectNode) JSON.readTree(archivedEvent(petitionId, number));
        data.put("archiveSha256", "not-a-digest");
        KafkaProbe.send("case.archived", petitionId, TYPE, UUID.randomUUID(), JSON.writeValueAsString(data));
        deadLetters.awaitKey(petitionId, Duration.ofSeconds(30));

        assertFalse(petition(petitionId).containsKey("archivedAt"));
        assertTrue(documents("messages", petitionId).get(0).getString("text").contains(number));
    }
}

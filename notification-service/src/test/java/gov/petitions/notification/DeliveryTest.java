package gov.petitions.notification;

import com.fasterxml.jackson.databind.JsonNode;
import gov.petitions.testing.Contracts;
import gov.petitions.testing.KafkaProbe;
import gov.petitions.testing.TestSecrets;
import gov.petitions.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import io.restassured.http.ContentType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Retries with backoff against a gateway that fails, the dead state, the operator's resend, and isolation of a slow channel. */
@QuarkusTest
@QuarkusTestResource(TestSecrets.class)
@QuarkusTestResource(StandIns.class)
class DeliveryTest {

    @jakarta.inject.Inject
    com.mongodb.client.MongoClient mongo;

    @org.eclipse.microprofile.config.inject.ConfigProperty(name = "quarkus.mongodb.database")
    String database;

    private static KafkaProbe failed;
    private static KafkaProbe delivered;

    @BeforeAll
    static void open() {
        failed = KafkaProbe.open("notification.failed");
        delivered = KafkaProbe.open("notification.delivered");
    }

    @AfterAll
    static void close() {
        failed.close();
        delivered.close();
    }

    private static Map<String, Object> onlyMessage(String petitionId) {
        List<Map<String, Object>> all = ChannelsTest.messages(petitionId);
        assertEquals(1, all.size());
        return all.get(0);
    }

    @Test
    void aGatewayThatFailsForAWhileIsRetriedWithGrowingPausesUntilItTakesTheMessage() throws Exception {
        String petitionId = UUID.randomUUID().toString();
        String ref = UUID.randomUUID().toString();
        Received.failSms(ref, 2);
        Events.registered(petitionId, ref, Events.trackingNumber());

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                given().auth().oauth2(TestTokens.auditor()).queryParam("petitionId", petitionId).get("/messages")
                        .then().body("[0].status", equalTo("DELIVERED")).body("[0].attempts", hasSize(3)));
        Map<String, Object> message = onlyMessage(petitionId);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> attempts = (List<Map<String, Object>>) message.get("attempts");
        assertEquals(List.of("FAILED", "FAILED", "DELIVERED"), attempts.stream().map(a -> a.get("outcome")).toList());
        assertEquals("SMS gateway answered HTTP 500", attempts.get(0).get("error"));
        long first = OffsetDateTime.parse((String) attempts.get(0).get("at")).toInstant().toEpochMilli();
        long second = OffsetDateTime.parse((String) attempts.get(1).get("at")).toInstant().toEpochMilli();
        long third = OffsetDateTime.parse((String) attempts.get(2).get("at")).toInstant().toEpochMilli();
        // backoff 0.2 s doubling (+ up to 50% jitter), offered by a 1 s scan
        assertTrue(second - first >= 200, "first pause " + (second - first));
        assertTrue(third - second >= 400, "second pause " + (third - second));

        List<ConsumerRecord<String, String>> failures = failed.await(r -> petitionId.equals(r.key()), 2, Duration.ofSeconds(60));
        for (ConsumerRecord<String, String> record : failures) {
            JsonNode data = Contracts.assertValidRecord("notification.failed", record);
            assertFalse(data.get("final").asBoolean(), "it will be retried");
            assertEquals("SMS", data.get("channel").asText());
        }
        JsonNode told = Contracts.assertValidRecord("notification.delivered", delivered.awaitKey(petitionId, Duration.ofSeconds(60)));
        assertEquals(3, told.get("attempts").asInt());
    }

    @Test
    void aMessageThatNeverGetsThroughIsDeadAfterNTriesAndAnOperatorCanSendItAgain() throws Exception {
        String petitionId = UUID.randomUUID().toString();
        String ref = UUID.randomUUID().toString();
        Received.failSms(ref, -1);
        Events.registered(petitionId, ref, Events.trackingNumber());

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                given().auth().oauth2(TestTokens.auditor()).queryParam("petitionId", petitionId).get("/messages")
                        .then().body("[0].status", equalTo("DEAD")).body("[0].attempts", hasSize(4)));
        ConsumerRecord<String, String> last = failed.await(r -> petitionId.equals(r.key())
                && r.value().contains("\"final\":true"), 1, Duration.ofSeconds(60)).get(0);
        JsonNode data = Contracts.assertValidRecord("notification.failed", last);
        assertEquals(4, data.get("attempts").asInt());

        // the gateway works again; the operator resends
        Received.failSms(ref, 0);
        String messageId = (String) onlyMessage(petitionId).get("messageId");
        given().auth().oauth2(ChannelsTest.admin()).contentType(ContentType.JSON).post("/messages/" + messageId + "/resend")
                .then().statusCode(200);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                given().auth().oauth2(TestTokens.auditor()).get("/messages/" + messageId)
                        .then().body("status", equalTo("DELIVERED")).body("attempts", hasSize(5)));
        delivered.awaitKey(petitionId, Duration.ofSeconds(60));
    }

    @Test
    void aHangingSmsGatewayDelaysNeitherEmailNorTheConsumers() throws Exception {
        String unit = ChannelsTest.unitCode("SL");
        String address = "slow-test-" + unit.toLowerCase() + "@units.gov.example";
        given().auth().oauth2(ChannelsTest.admin()).contentType(ContentType.JSON).body(Map.of("address", address))
                .put("/recipients/" + unit + "/email").then().statusCode(200);
        String petitionId = UUID.randomUUID().toString();
        String number = Events.trackingNumber();
        // the gateway's circuit breaker counts the whole suite's calls: earlier tests' failing gateway may have opened
        // it, and then no call of this test would reach the gateway and hang (each would fail at once, "circuit open")
        CircuitBreakerMaintenance.get().reset("sms-gateway");
        Received.smsHangs(true);
        try {
            // more SMS than the SMS channel has threads, all hanging
            java.util.List<String> others = new java.util.ArrayList<>();
            for (int i = 0; i < 4; i++) {
                String other = UUID.randomUUID().toString();
                others.add(other);
                Events.registered(other, UUID.randomUUID().toString(), Events.trackingNumber());
            }
            Events.registered(petitionId, UUID.randomUUID().toString(), number);
            Events.assigned(petitionId, number, unit, "测试县自然资源局");
            long start = System.currentTimeMillis();
            await().atMost(Duration.ofSeconds(12)).until(() -> !Received.mailsTo(address).isEmpty());
            long took = System.currentTimeMillis() - start;
            assertTrue(took < 12_000, "email took " + took + " ms");
            // the registration comes on another topic, perhaps after the assignment
            await().atMost(Duration.ofSeconds(60)).until(() -> ChannelsTest.messages(petitionId).stream()
                    .anyMatch(m -> "petition.registered.receipt".equals(m.get("template"))));
            Map<String, Object> sms = ChannelsTest.messages(petitionId).stream().filter(m -> "SMS".equals(m.get("channel"))
                    && "petition.registered.receipt".equals(m.get("template"))).findFirst().orElseThrow();
            assertFalse("DELIVERED".equals(sms.get("status")), "the SMS is still stuck at the gateway");
            // a hanging call ends at the SMS channel's timeout (2 s, the error says so) and counts as a failed attempt.
            // Which SMS the channel's two threads take while the gateway hangs is theirs to choose: in a full build the
            // broker holds every earlier module's petitions, whose receipts may still be queued ahead of this test's
            // (one every 2 s per thread), so any SMS attempt that ended since the hang began proves it, read from the
            // message store. A failure lists the attempts seen, so that a slow machine's story can be read.
            java.util.Date hangBegan = java.util.Date.from(java.time.Instant.ofEpochMilli(start));
            await().atMost(Duration.ofSeconds(120)).untilAsserted(() -> {
                List<String> errors = new java.util.ArrayList<>();
                mongo.getDatabase(database).getCollection("messages")
                        .find(com.mongodb.client.model.Filters.and(com.mongodb.client.model.Filters.eq("channel", "SMS"),
                                com.mongodb.client.model.Filters.elemMatch("attempts",
                                        com.mongodb.client.model.Filters.gte("at", hangBegan))))
                        .limit(50)
                        .forEach(m -> m.getList("attempts", org.bson.Document.class).stream()
                                .filter(a -> a.getDate("at") != null && !a.getDate("at").before(hangBegan))
                                .forEach(a -> errors.add(String.valueOf(a.getString("error")))));
                assertTrue(errors.stream().anyMatch(e -> e.startsWith("SMS gateway did not answer")),
                        "no SMS attempt ended at the channel's time-out since the gateway began to hang; attempts' errors: "
                                + errors);
            });
        } finally {
            Received.smsHangs(false);
        }
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                given().auth().oauth2(TestTokens.auditor()).queryParam("petitionId", petitionId).get("/messages")
                        .then().body("findAll { it.channel == 'SMS' }.status",
                                org.hamcrest.Matchers.everyItem(equalTo("DELIVERED"))));
    }
}

package gov.petitions.notification;

import gov.petitions.testing.EarlierRecordsSkipped;
import io.quarkus.test.common.ResourceArg;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import gov.petitions.testing.Contracts;
import gov.petitions.testing.KafkaProbe;
import gov.petitions.testing.TestSecrets;
import gov.petitions.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

// the consumer group starts at the end of what other modules' tests left on the shared broker (for every test
// application of this module: Quarkus starts each test resource for all of them)
@QuarkusTestResource(value = EarlierRecordsSkipped.class, initArgs = @ResourceArg(name = "group", value = "notification-service"))
@QuarkusTest
@QuarkusTestResource(TestSecrets.class)
@QuarkusTestResource(StandIns.class)
class ReceiptFlowTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static KafkaProbe delivered;
    private static KafkaProbe deadLetters;

    @BeforeAll
    static void open() {
        delivered = KafkaProbe.open("notification.delivered");
        deadLetters = KafkaProbe.open("notification-service.dlq");
    }

    @AfterAll
    static void close() {
        delivered.close();
        deadLetters.close();
    }

    public static String registered(String id, String trackingNumber) throws Exception {
        ObjectNode data = (ObjectNode) JSON.readTree(Contracts.example("petition.registered"));
        data.put("petitionId", id).put("trackingNumber", trackingNumber).put("petitionerRef", UUID.randomUUID().toString())
                .put("registeredAt", OffsetDateTime.now().toString());
        String json = JSON.writeValueAsString(data);
        Contracts.assertValid("petition.registered", json);
        return json;
    }

    @Test
    void thePetitionerGetsOneReceiptPerRegistrationHoweverOftenTheEventComes() throws Exception {
        String id = UUID.randomUUID().toString();
        UUID eventId = UUID.randomUUID();
        String json = registered(id, "XF20261126000777");
        KafkaProbe.send("petition.registered", id, "gov.petition.petition.registered.v1", eventId, json);
        KafkaProbe.send("petition.registered", id, "gov.petition.petition.registered.v1", eventId, json);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().auth().oauth2(TestTokens.auditor()).queryParam("petitionId", id).when().get("/messages")
                        .then().statusCode(200).body("$", hasSize(1)).body("[0].status", equalTo("DELIVERED")));
        given().auth().oauth2(TestTokens.auditor()).queryParam("petitionId", id).when().get("/messages")
                .then().body("[0].template", equalTo("petition.registered.receipt"))
                .body("[0].text", containsString("XF20261126000777"))
                .body("[0].attempts", hasSize(1))
                .body("[0].sourceEventId", equalTo(eventId.toString()));

        ConsumerRecord<String, String> record = delivered.awaitKey(id, Duration.ofSeconds(30));
        JsonNode data = Contracts.assertValidRecord("notification.delivered", record);
        assertEquals(eventId.toString(), data.get("sourceEventId").asText());
        List<ConsumerRecord<String, String>> all = delivered.settle(r -> id.equals(r.key()), Duration.ofSeconds(3));
        assertEquals(1, all.size(), "one delivery told once");
    }

    @Test
    void poisonRecordsGoToTheDeadLetterTopic() throws Exception {
        String key = UUID.randomUUID().toString();
        KafkaProbe.send("petition.registered", key, "gov.petition.petition.registered.v1", UUID.randomUUID(), "{\"petitionId\":42}");
        deadLetters.awaitKey(key, Duration.ofSeconds(30));

        String id = UUID.randomUUID().toString();
        KafkaProbe.send("petition.registered", id, "gov.petition.petition.registered.v1", UUID.randomUUID(), registered(id, "XF20261126000778"));
        delivered.awaitKey(id, Duration.ofSeconds(30));
    }

    @Test
    void aPollWithBadRecordsDeadLettersOnlyThemAndAppliesARepeatedEventOnce() throws Exception {
        String first = UUID.randomUUID().toString();
        String second = UUID.randomUUID().toString();
        String invalid = UUID.randomUUID().toString();
        String bare = UUID.randomUUID().toString();
        UUID firstEvent = UUID.randomUUID();
        String type = "gov.petition.petition.registered.v1";
        String firstData = registered(first, "XF20261126000781");
        // one burst, so that the service polls them together: good, invalid, good, no CloudEvent headers, good again
        KafkaProbe.sendAll("petition.registered", List.of(
                new KafkaProbe.Event(first, type, firstEvent, firstData),
                new KafkaProbe.Event(invalid, type, UUID.randomUUID(), "{\"petitionId\":42}"),
                new KafkaProbe.Event(second, type, UUID.randomUUID(), registered(second, "XF20261126000782")),
                new KafkaProbe.Event(bare, null, null, registered(bare, "XF20261126000783")),
                new KafkaProbe.Event(first, type, firstEvent, firstData)));

        delivered.awaitKey(first, Duration.ofSeconds(30));
        delivered.awaitKey(second, Duration.ofSeconds(30));
        deadLetters.awaitKey(invalid, Duration.ofSeconds(30));
        deadLetters.awaitKey(bare, Duration.ofSeconds(30));
        assertEquals(1, ChannelsTest.messages(first).size(), "the event repeated in the poll makes one message");
        assertEquals(1, ChannelsTest.messages(second).size());
        assertEquals(0, ChannelsTest.messages(bare).size(), "a record that is not an event is not applied");
        // good ones are not dead-lettered with the bad
        assertTrue(deadLetters.settle(r -> first.equals(r.key()) || second.equals(r.key()), Duration.ofSeconds(2))
                .isEmpty());
    }

    @Test
    void messagesAreNotPublic() {
        given().queryParam("petitionId", UUID.randomUUID().toString()).when().get("/messages").then().statusCode(401);
        given().auth().oauth2(TestTokens.auditor()).when().get("/messages/" + UUID.randomUUID())
                .then().statusCode(404).contentType("application/problem+json");
        given().auth().oauth2(TestTokens.auditor()).when().get("/messages")
                .then().statusCode(400).contentType("application/problem+json");
    }
}

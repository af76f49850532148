package gov.petitions.routing;

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
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Feeds real records to the real broker and watches what routing publishes. */
@QuarkusTest
@QuarkusTestResource(TestSecrets.class)
class RoutingFlowTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static KafkaProbe assigned;
    private static KafkaProbe deadLetters;

    @BeforeAll
    static void open() {
        assigned = KafkaProbe.open("case.assigned");
        deadLetters = KafkaProbe.open("routing-service.dlq");
    }

    @AfterAll
    static void close() {
        assigned.close();
        deadLetters.close();
    }

    /** A petition.registered payload, checked against the contract before routing ever sees it. */
    static String registered(String petitionId, String category, String location, List<String> accused) throws Exception {
        ObjectNode data = (ObjectNode) JSON.readTree(Contracts.example("petition.registered"));
        data.put("petitionId", petitionId);
        data.put("trackingNumber", "XF20261126" + String.format("%06d", Math.abs(petitionId.hashCode()) % 1_000_000));
        data.put("categoryCode", category);
        data.put("locationCode", location);
        data.put("registeredAt", OffsetDateTime.now().toString());
        data.remove("accusedUnitCodes");
        if (accused != null) {
            data.putArray("accusedUnitCodes").addAll(accused.stream().map(JSON.getNodeFactory()::textNode).toList());
        }
        String json = JSON.writeValueAsString(data);
        Contracts.assertValid("petition.registered", json);
        return json;
    }

    static JsonNode awaitAssignment(String petitionId, int sequence) {
        ConsumerRecord<String, String> record = assigned.await(
                r -> petitionId.equals(r.key()) && sequenceOf(r) == sequence, 1, WAIT).get(0);
        return Contracts.assertValidRecord("case.assigned", record);
    }

    private static int sequenceOf(ConsumerRecord<String, String> record) {
        try {
            return JSON.readTree(record.value()).path("sequence").asInt();
        } catch (Exception e) {
            return -1;
        }
    }

    @Test
    void routesToTheCountyDepartmentOfTheCategory() throws Exception {
        String id = UUID.randomUUID().toString();
        KafkaProbe.send("petition.registered", id, "gov.petition.petition.registered.v1", UUID.randomUUID(),
                registered(id, "labour-wages", "341302", null));

        JsonNode data = awaitAssignment(id, 1);
        assertEquals("341302-RSJ", data.at("/unit/code").asText());
        assertEquals("COUNTY", data.get("level").asText());
        assertEquals("INITIAL", data.get("reason").asText());
        assertEquals("埇桥区人力资源和社会保障局", data.at("/unit/name").asText());

        given().auth().oauth2(TestTokens.supervisor("34")).when().get("/cases/" + id + "/assignments")
                .then().statusCode(200).body("current.unitCode", equalTo("341302-RSJ")).body("history", hasSize(1));
    }

    @Test
    void aTownshipPetitionGoesToItsCountyAndAnUnknownCategoryToThePetitionBureau() throws Exception {
        String id = UUID.randomUUID().toString();
        KafkaProbe.send("petition.registered", id, "gov.petition.petition.registered.v1", UUID.randomUUID(),
                registered(id, "other", "340102001", null));
        assertEquals("340102-XFJ", awaitAssignment(id, 1).at("/unit/code").asText());
    }

    @Test
    void anAccusedCountyUnitMeansTheCaseStartsAtCityLevel() throws Exception {
        String id = UUID.randomUUID().toString();
        KafkaProbe.send("petition.registered", id, "gov.petition.petition.registered.v1", UUID.randomUUID(),
                registered(id, "law-enforcement", "341302", List.of("341302-GAJ")));
        JsonNode data = awaitAssignment(id, 1);
        assertEquals("3413-GAJ", data.at("/unit/code").asText());
        assertEquals("CITY", data.get("level").asText());
    }

    @Test
    void aRedeliveredEventIsAppliedOnce() throws Exception {
        String id = UUID.randomUUID().toString();
        UUID eventId = UUID.randomUUID();
        String json = registered(id, "education", "340104", null);
        KafkaProbe.send("petition.registered", id, "gov.petition.petition.registered.v1", eventId, json);
        KafkaProbe.send("petition.registered", id, "gov.petition.petition.registered.v1", eventId, json);
        awaitAssignment(id, 1);
        List<ConsumerRecord<String, String>> all = assigned.settle(r -> id.equals(r.key()), Duration.ofSeconds(3));
        assertEquals(1, all.size(), "one case.assigned for one event, however often it is delivered");
    }

    @Test
    void poisonRecordsGoToTheDeadLetterTopicAndDoNotBlockThePartition() throws Exception {
        String poisonKey = UUID.randomUUID().toString();
        String notAPetition = "{\"petitionId\": \"" + poisonKey + "\", \"locationCode\": \"999999\"}";
        assertFalse(Contracts.isValid("petition.registered", notAPetition), "the poison must really be invalid");
        KafkaProbe.send("petition.registered", poisonKey, "gov.petition.petition.registered.v1", UUID.randomUUID(), notAPetition);
        KafkaProbe.send("petition.registered", poisonKey, null, null, "not even json");

        ConsumerRecord<String, String> dead = deadLetters.await(r -> poisonKey.equals(r.key()), 2, WAIT).get(0);
        assertTrue(Contracts.header(dead, "dead-letter-reason") != null, "the reason travels with the record");

        // the same partition keeps flowing
        String id = poisonKey;
        KafkaProbe.send("petition.registered", id, "gov.petition.petition.registered.v1", UUID.randomUUID(),
                registered(id, "health", "341302", null));
        assertEquals("341302-WJW", awaitAssignment(id, 1).at("/unit/code").asText());
    }

    @Test
    void escalationGoesCountyThenCityThenProvince() throws Exception {
        String id = UUID.randomUUID().toString();
        KafkaProbe.send("petition.registered", id, "gov.petition.petition.registered.v1", UUID.randomUUID(),
                registered(id, "land-housing", "341302", null));
        awaitAssignment(id, 1);

        escalate(id, "341302-ZRZYJ");
        JsonNode city = awaitAssignment(id, 2);
        assertEquals("3413-ZRZYJ", city.at("/unit/code").asText());
        assertEquals("341302-ZRZYJ", city.at("/previousUnit/code").asText());
        assertEquals("ESCALATION", city.get("reason").asText());

        escalate(id, "3413-ZRZYJ");
        JsonNode province = awaitAssignment(id, 3);
        assertEquals("34-ZRZYJ", province.at("/unit/code").asText());
        assertEquals("PROVINCE", province.get("level").asText());

        given().auth().oauth2(TestTokens.auditor()).when().get("/cases/" + id + "/assignments")
                .then().statusCode(200).body("history", hasSize(3)).body("history[2].previousUnitCode", equalTo("3413-ZRZYJ"));
    }

    private static void escalate(String id, String fromUnit) throws Exception {
        ObjectNode request = (ObjectNode) JSON.readTree(Contracts.example("case.escalation-requested"));
        request.put("petitionId", id);
        request.put("fromUnitCode", fromUnit);
        request.put("reason", "CANNOT_RESOLVE");
        request.put("fromLevel", fromUnit.length() == 10 || fromUnit.indexOf('-') == 6 ? "COUNTY" : "CITY");
        String json = JSON.writeValueAsString(request);
        Contracts.assertValid("case.escalation-requested", json);
        KafkaProbe.send("case.escalation-requested", id, "gov.petition.case.escalation-requested.v1", UUID.randomUUID(), json);
    }

    @Test
    void theDirectoryServesTheAnhuiTree() {
        given().when().get("/divisions/34/children").then().statusCode(200).body("$", hasSize(16));
        given().when().get("/divisions/341302").then().statusCode(200).body("name", equalTo("埇桥区"))
                .body("parentCode", equalTo("3413"));
        given().when().get("/divisions/349999").then().statusCode(404).contentType("application/problem+json");
        given().when().get("/cases/" + UUID.randomUUID() + "/assignments").then().statusCode(401);
    }
}

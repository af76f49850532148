package gov.petitions.routing;

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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Feeds real records to the real broker and watches what routing publishes. */
// the consumer group starts at the end of what other modules' tests left on the shared broker (for every test
// application of this module: Quarkus starts each test resource for all of them)
@QuarkusTestResource(value = EarlierRecordsSkipped.class, initArgs = @ResourceArg(name = "group", value = "routing-service"))
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
        // the long form (9 digits after the date) that intake issues at a billion a day
        data.put("trackingNumber", "XF20261126" + String.format("%09d", Math.abs(petitionId.hashCode()) % 1_000_000_000));
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

    static int sequenceOf(ConsumerRecord<String, String> record) {
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
        // the unit's handlers see the path of their own case; another unit's handlers learn nothing
        given().auth().oauth2(TestTokens.handler("341302-RSJ")).when().get("/cases/" + id + "/assignments")
                .then().statusCode(200).body("current.unitCode", equalTo("341302-RSJ"));
        given().auth().oauth2(TestTokens.handler("340102-RSJ")).when().get("/cases/" + id + "/assignments")
                .then().statusCode(404);
    }

    @Test
    void everyCategoryOfTheCatalogueReachesItsDepartmentInTheCounty() throws Exception {
        Map<String, String> departmentOf = Map.ofEntries(
                Map.entry("labour-wages", "RSJ"), Map.entry("social-security", "RSJ"), Map.entry("land-housing", "ZRZYJ"),
                Map.entry("urban-construction", "ZJJ"), Map.entry("law-enforcement", "GAJ"),
                Map.entry("courts-procuratorate", "FY"), Map.entry("education", "JYJ"), Map.entry("health", "WJW"),
                Map.entry("environment", "STHJJ"), Map.entry("rural-affairs", "NYNCJ"), Map.entry("civil-affairs", "MZJ"),
                Map.entry("market-regulation", "SCJGJ"), Map.entry("transport", "JTJ"), Map.entry("discipline", "JW"),
                Map.entry("other", "XFJ"));
        Map<String, String> ids = new java.util.HashMap<>();
        for (String category : departmentOf.keySet()) {
            String id = UUID.randomUUID().toString();
            ids.put(category, id);
            KafkaProbe.send("petition.registered", id, "gov.petition.petition.registered.v1", UUID.randomUUID(),
                    registered(id, category, "341602", null));
        }
        for (Map.Entry<String, String> e : ids.entrySet()) {
            assertEquals("341602-" + departmentOf.get(e.getKey()), awaitAssignment(e.getValue(), 1).at("/unit/code").asText(),
                    e.getKey());
        }
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
    void aBurstIsRoutedTogetherEachPetitionOnceWithPoisonAndRedeliveriesAmongIt() throws Exception {
        // a burst lands in one poll, hence one transaction (IdempotentConsumer.consumeBatch)
        String type = "gov.petition.petition.registered.v1";
        List<String> ids = new java.util.ArrayList<>();
        List<KafkaProbe.Event> burst = new java.util.ArrayList<>();
        UUID twice = UUID.randomUUID();
        String[] unroutableId = new String[1];
        for (int i = 0; i < 60; i++) {
            String id = UUID.randomUUID().toString();
            ids.add(id);
            UUID eventId = i == 7 ? twice : UUID.randomUUID();
            burst.add(new KafkaProbe.Event(id, type, eventId, registered(id, "education", "341302", null)));
            if (i == 7) {
                burst.add(new KafkaProbe.Event(id, type, eventId, registered(id, "education", "341302", null)));
            }
            if (i == 20) {
                burst.add(new KafkaProbe.Event(id, type, UUID.randomUUID(), "{\"petitionId\": \"" + id + "\"}"));
            }
            if (i == 40) {
                // valid, yet no unit is free of the accusation: the handler fails, the batch is taken apart and only
                // this one goes to the dead-letter topic, at once (no retry could route it)
                String unroutable = UUID.randomUUID().toString();
                burst.add(new KafkaProbe.Event(unroutable, type, UUID.randomUUID(),
                        registered(unroutable, "education", "341302", List.of("34-JYJ", "34-XFJ", "34-ZF"))));
                unroutableId[0] = unroutable;
            }
            if (i == 30) {
                // the same petition under a second event id: routed already, nothing new
                burst.add(new KafkaProbe.Event(id, type, UUID.randomUUID(), registered(id, "education", "341302", null)));
            }
        }
        KafkaProbe.sendAll("petition.registered", burst);

        for (String id : ids) {
            assertEquals("341302-JYJ", awaitAssignment(id, 1).at("/unit/code").asText());
        }
        assertTrue(deadLetters.await(r -> ids.get(20).equals(r.key()), 1, WAIT).size() == 1,
                "the poison among the burst is dead-lettered");
        List<ConsumerRecord<String, String>> unroutable = deadLetters.await(r -> unroutableId[0].equals(r.key()), 1, WAIT);
        assertEquals(1, unroutable.size(), "the record that fails alone is dead-lettered, its neighbours are routed");
        assertTrue(new String(unroutable.get(0).headers().lastHeader("dead-letter-reason").value(),
                        java.nio.charset.StandardCharsets.UTF_8).contains("for manual dispatch"),
                "the reason tells the operator why");
        java.util.Set<String> burstIds = new java.util.HashSet<>(ids);
        List<ConsumerRecord<String, String>> all = assigned.settle(r -> burstIds.contains(r.key()), Duration.ofSeconds(3));
        assertEquals(60, all.size(), "one case.assigned per petition of the burst");
        assertEquals(60, all.stream().map(ConsumerRecord::key).distinct().count());
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

    @Test
    void anEscalationOfACaseNeverAssignedIsDeadLetteredAtOnceAndTheNextOnItsPartitionIsApplied() throws Exception {
        String known = UUID.randomUUID().toString();
        KafkaProbe.send("petition.registered", known, "gov.petition.petition.registered.v1", UUID.randomUUID(),
                registered(known, "land-housing", "341302", null));
        awaitAssignment(known, 1);
        // an unknown case whose key lands on the known case's partition, so that a retried record would hold it up
        int partitions = 6;
        String unknown;
        do {
            unknown = UUID.randomUUID().toString();
        } while (partitionOf(unknown, partitions) != partitionOf(known, partitions));

        escalate(unknown, "341302-ZRZYJ");
        escalate(known, "341302-ZRZYJ");

        String unknownKey = unknown;
        ConsumerRecord<String, String> dead = deadLetters.await(r -> unknownKey.equals(r.key()), 1, WAIT).get(0);
        String reason = Contracts.header(dead, "dead-letter-reason");
        assertTrue(reason != null && reason.contains("never assigned"),
                "dead-lettered as a foreign event, not after the retry budget: " + reason);
        assertEquals("3413-ZRZYJ", awaitAssignment(known, 2).at("/unit/code").asText());
    }

    private static int partitionOf(String key, int partitions) {
        return org.apache.kafka.common.utils.Utils.toPositive(
                org.apache.kafka.common.utils.Utils.murmur2(key.getBytes(java.nio.charset.StandardCharsets.UTF_8))) % partitions;
    }

    private static void escalate(String id, String fromUnit) throws Exception {
        escalate(id, fromUnit, "CANNOT_RESOLVE");
    }

    static void escalate(String id, String fromUnit, String reason) throws Exception {
        ObjectNode request = (ObjectNode) JSON.readTree(Contracts.example("case.escalation-requested"));
        request.put("petitionId", id);
        request.put("fromUnitCode", fromUnit);
        request.put("reason", reason);
        request.put("fromLevel", fromUnit.length() == 10 || fromUnit.indexOf('-') == 6 ? "COUNTY" : "CITY");
        String json = JSON.writeValueAsString(request);
        Contracts.assertValid("case.escalation-requested", json);
        KafkaProbe.send("case.escalation-requested", id, "gov.petition.case.escalation-requested.v1", UUID.randomUUID(), json);
    }

    @Test
    void reviewGoesToTheLevelAboveTheUnitThatRepliedAndCarriesTheCoveringLeaders() throws Exception {
        String id = UUID.randomUUID().toString();
        KafkaProbe.send("petition.registered", id, "gov.petition.petition.registered.v1", UUID.randomUUID(),
                registered(id, "education", "341302", null));
        awaitAssignment(id, 1);
        escalate(id, "341302-JYJ", "REVIEW_REQUESTED");
        JsonNode review = awaitAssignment(id, 2);
        assertEquals("REVIEW", review.get("reason").asText());
        assertEquals("3413-JYJ", review.at("/unit/code").asText());
        List<String> leaders = new ArrayList<>();
        review.get("coveringLeaders").forEach(l -> leaders.add(l.get("id").asText()));
        List<String> covering = given().auth().oauth2(TestTokens.auditor()).get("/leaders").then().statusCode(200)
                .extract().jsonPath().getList("findAll { it.covers.contains('3413') }.id");
        assertEquals(covering, leaders);
        escalate(id, "3413-JYJ", "RE_REVIEW_REQUESTED");
        JsonNode reReview = awaitAssignment(id, 3);
        assertEquals("RE_REVIEW", reReview.get("reason").asText());
        assertEquals("34-JYJ", reReview.at("/unit/code").asText());
    }

    @Test
    void aUnitReturnsAMisroutedCaseOnceAndASupervisorReassignsIt() throws Exception {
        String id = UUID.randomUUID().toString();
        KafkaProbe.send("petition.registered", id, "gov.petition.petition.registered.v1", UUID.randomUUID(),
                registered(id, "environment", "340104", null));
        assertEquals("340104-STHJJ", awaitAssignment(id, 1).at("/unit/code").asText());

        given().auth().oauth2(TestTokens.handler("340102-STHJJ")).contentType("application/json")
                .body(Map.of("reason", "不属于本单位职责")).post("/cases/" + id + "/return").then().statusCode(404);
        given().auth().oauth2(TestTokens.handler("340104-STHJJ")).contentType("application/json")
                .body(Map.of()).post("/cases/" + id + "/return").then().statusCode(400);
        given().auth().oauth2(TestTokens.handler("340104-STHJJ")).contentType("application/json")
                .body(Map.of("reason", "属于住建部门职责")).post("/cases/" + id + "/return")
                .then().statusCode(200).body("unitCode", equalTo("340104-XFJ")).body("reason", equalTo("RETURNED"));
        assertEquals("RETURNED", awaitAssignment(id, 2).get("reason").asText());

        given().auth().oauth2(TestTokens.supervisor("3413")).contentType("application/json")
                .body(Map.of("unitCode", "340104-ZJJ", "reason", "改派住建局")).post("/cases/" + id + "/reassignment")
                .then().statusCode(404);
        given().auth().oauth2(TestTokens.supervisor("3401")).contentType("application/json")
                .body(Map.of("unitCode", "340104-ZJJ", "reason", "改派住建局")).post("/cases/" + id + "/reassignment")
                .then().statusCode(200).body("unitCode", equalTo("340104-ZJJ"));
        JsonNode reassigned = awaitAssignment(id, 3);
        assertEquals("REASSIGNMENT", reassigned.get("reason").asText());
        assertEquals("340104-XFJ", reassigned.at("/previousUnit/code").asText());

        given().auth().oauth2(TestTokens.handler("340104-ZJJ")).contentType("application/json")
                .body(Map.of("reason", "again")).post("/cases/" + id + "/return")
                .then().statusCode(409).contentType("application/problem+json");
    }

    @Test
    void anUnknownLocationGoesToTheCityPetitionBureauWithAReason() throws Exception {
        String id = UUID.randomUUID().toString();
        KafkaProbe.send("petition.registered", id, "gov.petition.petition.registered.v1", UUID.randomUUID(),
                registered(id, "labour-wages", "341399", null));
        JsonNode data = awaitAssignment(id, 1);
        assertEquals("3413-XFJ", data.at("/unit/code").asText());
        assertTrue(data.get("note").asText().contains("341399"));
    }

    @Test
    void anAdminChangesWhereACategoryStarts() throws Exception {
        given().contentType("application/json").body(Map.of("department", "XFJ", "startLevel", "CITY"))
                .put("/routing-rules/transport").then().statusCode(401);
        given().auth().oauth2(TestTokens.supervisor("34")).contentType("application/json")
                .body(Map.of("department", "XFJ", "startLevel", "CITY")).put("/routing-rules/transport").then().statusCode(403);
        String admin = TestTokens.token("admin-1", java.util.Set.of("admin"), null, null);
        given().auth().oauth2(admin).contentType("application/json").body(Map.of("department", "NOPE", "startLevel", "CITY"))
                .put("/routing-rules/transport").then().statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(admin).contentType("application/json").body(Map.of("department", "JTJ", "startLevel", "CITY"))
                .put("/routing-rules/transport").then().statusCode(200);
        try {
            String id = UUID.randomUUID().toString();
            KafkaProbe.send("petition.registered", id, "gov.petition.petition.registered.v1", UUID.randomUUID(),
                    registered(id, "transport", "341302", null));
            assertEquals("3413-JTJ", awaitAssignment(id, 1).at("/unit/code").asText());
        } finally {
            given().auth().oauth2(admin).contentType("application/json").body(Map.of("department", "JTJ", "startLevel", "COUNTY"))
                    .put("/routing-rules/transport").then().statusCode(200);
        }
    }

    @Test
    void theDirectoryServesTheAnhuiTree() {
        given().when().get("/divisions/34/children").then().statusCode(200).body("$", hasSize(16));
        given().when().get("/divisions/341302").then().statusCode(200).body("name", equalTo("埇桥区"))
                .body("parentCode", equalTo("3413"));
        given().when().get("/divisions/349999").then().statusCode(404).contentType("application/problem+json");
        given().queryParam("q", "埇桥").when().get("/divisions").then().statusCode(200).body("code", org.hamcrest.Matchers.hasItem("341302"));
        given().when().get("/divisions/341302001/ancestors").then().statusCode(200)
                .body("code", org.hamcrest.Matchers.contains("34", "3413", "341302", "341302001"));
        given().when().get("/divisions").then().statusCode(400).contentType("application/problem+json");
        given().when().get("/divisions/341302/units").then().statusCode(200).body("code", org.hamcrest.Matchers.hasItem("341302-XFJ"));
        given().when().get("/cases/" + UUID.randomUUID() + "/assignments").then().statusCode(401);
    }
}

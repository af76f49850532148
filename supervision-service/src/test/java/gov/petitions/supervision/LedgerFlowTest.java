package gov.petitions.supervision;

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
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

// the consumer group starts at the end of what other modules' tests left on the shared broker (for every test
// application of this module: Quarkus starts each test resource for all of them)
@QuarkusTestResource(value = EarlierRecordsSkipped.class, initArgs = @ResourceArg(name = "group", value = "supervision-service"))
@QuarkusTest
@QuarkusTestResource(TestSecrets.class)
class LedgerFlowTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static KafkaProbe statusChanges;

    @BeforeAll
    static void open() {
        statusChanges = KafkaProbe.open("case.status-changed");
    }

    @AfterAll
    static void close() {
        statusChanges.close();
    }

    static String registered(String id, OffsetDateTime at) throws Exception {
        ObjectNode data = (ObjectNode) JSON.readTree(Contracts.example("petition.registered"));
        data.put("petitionId", id).put("trackingNumber", "XF20261126123456").put("categoryCode", "labour-wages")
                .put("locationCode", "341302").put("personCount", 4).put("registeredAt", java.time.format.DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(at));
        data.remove("accusedUnitCodes");
        String json = JSON.writeValueAsString(data);
        Contracts.assertValid("petition.registered", json);
        return json;
    }

    static String assigned(String id, OffsetDateTime registeredAt, int sequence, String unit) throws Exception {
        ObjectNode data = (ObjectNode) JSON.readTree(Contracts.example("case.assigned"));
        data.put("petitionId", id).put("assignmentId", UUID.randomUUID().toString()).put("sequence", sequence)
                .put("trackingNumber", "XF20261126123456").put("level", "COUNTY").put("reason", "INITIAL")
                .put("categoryCode", "labour-wages").put("locationCode", "341302")
                .put("registeredAt", java.time.format.DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(registeredAt)).put("assignedAt", java.time.format.DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(OffsetDateTime.now()));
        ((ObjectNode) data.get("unit")).put("code", unit).put("name", "埇桥区人力资源和社会保障局")
                .put("divisionCode", "341302").put("level", "COUNTY");
        data.remove("previousUnit");
        data.remove("note");
        String json = JSON.writeValueAsString(data);
        Contracts.assertValid("case.assigned", json);
        return json;
    }

    @Test
    void anAssignedCaseEntersTheLedgerWithTheFifteenDayAcceptanceClock() throws Exception {
        String id = UUID.randomUUID().toString();
        OffsetDateTime registeredAt = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MILLIS);
        KafkaProbe.send("petition.registered", id, "gov.petition.petition.registered.v1", UUID.randomUUID(), registered(id, registeredAt));
        KafkaProbe.send("case.assigned", id, "gov.petition.case.assigned.v1", UUID.randomUUID(), assigned(id, registeredAt, 1, "341302-RSJ"));

        // the two topics are consumed independently: wait until both events are applied, in either order
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().auth().oauth2(TestTokens.supervisor("34")).when().get("/ledger/" + id)
                        .then().statusCode(200).body("status", equalTo("ASSIGNED")).body("personCount", equalTo(4)));

        String due = given().auth().oauth2(TestTokens.supervisor("34")).when().get("/ledger/" + id)
                .then().body("unitCode", equalTo("341302-RSJ"))
                .body("timeline[-1].toStatus", equalTo("ASSIGNED"))
                .extract().path("acceptanceDueAt");
        assertEquals(registeredAt.plusDays(15).toInstant(), OffsetDateTime.parse(due).toInstant());

        ConsumerRecord<String, String> record = statusChanges.awaitKey(id, Duration.ofSeconds(30));
        JsonNode data = Contracts.assertValidRecord("case.status-changed", record);
        assertEquals("ASSIGNED", data.get("toStatus").asText());
        assertEquals("REGISTERED", data.get("fromStatus").asText());
    }

    @Test
    void anAssignmentArrivingBeforeTheRegistrationStillMakesOneEntry() throws Exception {
        String id = UUID.randomUUID().toString();
        OffsetDateTime registeredAt = OffsetDateTime.now(ZoneOffset.UTC).minusHours(1);
        UUID assignedEvent = UUID.randomUUID();
        String assignedJson = assigned(id, registeredAt, 1, "341302-RSJ");
        KafkaProbe.send("case.assigned", id, "gov.petition.case.assigned.v1", assignedEvent, assignedJson);
        KafkaProbe.send("case.assigned", id, "gov.petition.case.assigned.v1", assignedEvent, assignedJson);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().auth().oauth2(TestTokens.auditor()).when().get("/ledger/" + id)
                        .then().statusCode(200).body("status", equalTo("ASSIGNED")));
        KafkaProbe.send("petition.registered", id, "gov.petition.petition.registered.v1", UUID.randomUUID(), registered(id, registeredAt));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().auth().oauth2(TestTokens.auditor()).when().get("/ledger/" + id)
                        .then().statusCode(200).body("status", equalTo("ASSIGNED")).body("personCount", equalTo(4)));
        List<ConsumerRecord<String, String>> changes = statusChanges.settle(r -> id.equals(r.key()), Duration.ofSeconds(2));
        assertEquals(1, changes.size(), "a redelivered assignment changes nothing");
    }

    @Test
    void aHandlerSeesOnlyTheCasesOfTheirOwnUnit() throws Exception {
        String id = UUID.randomUUID().toString();
        OffsetDateTime registeredAt = OffsetDateTime.now(ZoneOffset.UTC);
        KafkaProbe.send("case.assigned", id, "gov.petition.case.assigned.v1", UUID.randomUUID(), assigned(id, registeredAt, 1, "341302-RSJ"));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().auth().oauth2(TestTokens.handler("341302-RSJ")).when().get("/ledger/" + id)
                        .then().statusCode(200));
        given().auth().oauth2(TestTokens.handler("340102-RSJ")).when().get("/ledger/" + id)
                .then().statusCode(404).contentType("application/problem+json");
        given().when().get("/ledger/" + id).then().statusCode(401);
    }

    @Test
    void aRepeatReceivedByALeaderIsFlaggedAndFoundByTheSupervisorsFilters() throws Exception {
        String id = UUID.randomUUID().toString();
        String original = UUID.randomUUID().toString();
        OffsetDateTime registeredAt = OffsetDateTime.now(ZoneOffset.UTC);
        ObjectNode data = (ObjectNode) JSON.readTree(registered(id, registeredAt));
        data.put("repeatOf", original).put("receivedByLeader", "王为民").put("priorPetitions", 3);
        Contracts.assertValid("petition.registered", data.toString());
        KafkaProbe.send("petition.registered", id, "gov.petition.petition.registered.v1", UUID.randomUUID(), data.toString());
        KafkaProbe.send("case.assigned", id, "gov.petition.case.assigned.v1", UUID.randomUUID(), assigned(id, registeredAt, 1, "341302-RSJ"));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().auth().oauth2(TestTokens.supervisor("3413")).when().get("/ledger/" + id)
                        .then().statusCode(200).body("status", org.hamcrest.Matchers.equalTo("ASSIGNED"))
                        .body("receivedByLeader", org.hamcrest.Matchers.equalTo("王为民"))
                        .body("repeatOf", org.hamcrest.Matchers.equalTo(original))
                        .body("repeat", org.hamcrest.Matchers.equalTo(true)));
        given().auth().oauth2(TestTokens.supervisor("3413")).queryParam("leaderReceived", true).queryParam("repeat", true)
                .queryParam("level", "COUNTY").queryParam("category", "labour-wages").queryParam("size", 200)
                .get("/cases/queue").then().statusCode(200)
                .body("items.petitionId", org.hamcrest.Matchers.hasItem(id))
                .body("items.receivedByLeader", org.hamcrest.Matchers.everyItem(org.hamcrest.Matchers.notNullValue()));
        given().auth().oauth2(TestTokens.supervisor("3413")).queryParam("leaderReceived", false).queryParam("size", 200)
                .get("/cases/queue").then().statusCode(200)
                .body("items.petitionId", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasItem(id)));
    }
}

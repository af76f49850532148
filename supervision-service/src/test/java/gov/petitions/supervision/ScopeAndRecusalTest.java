package gov.petitions.supervision;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import gov.petitions.testing.Contracts;
import gov.petitions.testing.KafkaProbe;
import gov.petitions.testing.TestSecrets;
import gov.petitions.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

/**
 * Issue 16's reproductions against the ledger: the accused county's own supervisor, and the accused unit's handler,
 * do not see the case on any path (ledger and its timeline, queue, urge, leadership); another city sees nothing of
 * it; a token without a usable jurisdiction sees nothing, statistics included.
 */
@QuarkusTest
@QuarkusTestResource(TestSecrets.class)
class ScopeAndRecusalTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    // this run's own category: the test database keeps the cases of earlier runs, and a queue page holds 200 at most
    private static final String CATEGORY = "scope-" + UUID.randomUUID().toString().substring(0, 8);

    static String registered(String id, String location, List<String> accused, OffsetDateTime at) throws Exception {
        ObjectNode data = (ObjectNode) JSON.readTree(Contracts.example("petition.registered"));
        data.put("petitionId", id).put("trackingNumber", "XF20261126654321").put("categoryCode", CATEGORY)
                .put("locationCode", location).put("personCount", 1).put("registeredAt", java.time.format.DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(at));
        data.remove("accusedUnitCodes");
        data.remove("repeatOf");
        data.remove("receivedByLeader");
        if (accused != null) {
            data.putArray("accusedUnitCodes").addAll(accused.stream().map(JSON.getNodeFactory()::textNode).toList());
        }
        String json = JSON.writeValueAsString(data);
        Contracts.assertValid("petition.registered", json);
        return json;
    }

    static String assigned(String id, String location, int sequence, String unit, String level, OffsetDateTime registeredAt)
            throws Exception {
        ObjectNode data = (ObjectNode) JSON.readTree(Contracts.example("case.assigned"));
        data.put("petitionId", id).put("assignmentId", UUID.randomUUID().toString()).put("sequence", sequence)
                .put("trackingNumber", "XF20261126654321").put("level", level)
                .put("reason", sequence == 1 ? "INITIAL" : "REASSIGNMENT")
                .put("categoryCode", CATEGORY).put("locationCode", location)
                .put("registeredAt", java.time.format.DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(registeredAt)).put("assignedAt", java.time.format.DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(OffsetDateTime.now()));
        ((ObjectNode) data.get("unit")).put("code", unit).put("name", unit)
                .put("divisionCode", unit.substring(0, unit.indexOf('-'))).put("level", level);
        data.remove("previousUnit");
        data.remove("note");
        String json = JSON.writeValueAsString(data);
        Contracts.assertValid("case.assigned", json);
        return json;
    }

    /** A registered and assigned case, once both events are applied. */
    static String openCase(String location, List<String> accused, String unit, String level) throws Exception {
        String id = UUID.randomUUID().toString();
        OffsetDateTime at = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MILLIS);
        KafkaProbe.send("petition.registered", id, "gov.petition.petition.registered.v1", UUID.randomUUID(),
                registered(id, location, accused, at));
        KafkaProbe.send("case.assigned", id, "gov.petition.case.assigned.v1", UUID.randomUUID(),
                assigned(id, location, 1, unit, level, at));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(TestTokens.supervisor("34"))
                .get("/ledger/" + id).then().statusCode(200).body("status", equalTo("ASSIGNED"))
                .body("trackingNumber", equalTo("XF20261126654321")));
        return id;
    }

    private static ValidatableResponse ledger(String token, String id) {
        return given().auth().oauth2(token).get("/ledger/" + id).then();
    }

    private static ValidatableResponse urge(String token, String id) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("reason", "尽快办理"))
                .post("/cases/" + id + "/urge").then();
    }

    private static List<String> queue(String token) {
        return given().auth().oauth2(token).queryParam("size", 200).queryParam("category", CATEGORY)
                .get("/cases/queue").then().statusCode(200).extract().path("items.petitionId");
    }

    @Test
    void theAccusedCountysSupervisorAndTheAccusedUnitNeverSeeTheCaseEvenIfItIsSentBackThere() throws Exception {
        for (String accused : List.of("341322-RSJ", "341322-ZF")) {
            // recusal sent it to 宿州市人社局
            String id = openCase("341322", List.of(accused), "3413-RSJ", "CITY");
            String xiao = TestTokens.supervisor("341322");
            ledger(xiao, id).statusCode(404).contentType("application/problem+json");
            urge(xiao, id).statusCode(404);
            given().auth().oauth2(xiao).get("/cases/" + id + "/leadership").then().statusCode(404);
            org.junit.jupiter.api.Assertions.assertFalse(queue(xiao).contains(id), "not in 萧县's queue");
            ledger(TestTokens.leader("341322"), id).statusCode(404);
            given().auth().oauth2(TestTokens.leader("341322")).contentType(ContentType.JSON)
                    .body(Map.of("text", "x")).post("/cases/" + id + "/instructions").then().statusCode(404);
            ledger(TestTokens.handler("341322-RSJ"), id).statusCode(404);

            String suzhou = TestTokens.supervisor("3413");
            ledger(suzhou, id).statusCode(200);
            urge(suzhou, id).statusCode(200).body("urgeCount", equalTo(1));
            org.junit.jupiter.api.Assertions.assertTrue(queue(suzhou).contains(id), "in 宿州's queue");

            // even were it assigned to the accused county's bureau (as reassignment once allowed), no one there sees it
            OffsetDateTime at = OffsetDateTime.now(ZoneOffset.UTC);
            KafkaProbe.send("case.assigned", id, "gov.petition.case.assigned.v1", UUID.randomUUID(),
                    assigned(id, "341322", 2, "341322-RSJ", "COUNTY", at));
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> ledger(TestTokens.auditor(), id)
                    .statusCode(200).body("unitCode", equalTo("341322-RSJ")));
            String handler = TestTokens.handler("341322-RSJ");
            ledger(handler, id).statusCode(404);
            org.junit.jupiter.api.Assertions.assertFalse(queue(handler).contains(id), "not in the accused unit's queue");
            given().auth().oauth2(handler).contentType(ContentType.JSON).body(Map.of("accepted", true))
                    .post("/cases/" + id + "/decision").then().statusCode(404).contentType("application/problem+json");
            given().auth().oauth2(handler).get("/cases/" + id + "/leadership").then().statusCode(404);
            ledger(xiao, id).statusCode(404);
        }
    }

    @Test
    void anotherCitySeesNothingOfTheCase() throws Exception {
        String id = openCase("341502", null, "341502-RSJ", "COUNTY");
        String suzhou = TestTokens.supervisor("3413");
        ledger(suzhou, id).statusCode(404).contentType("application/problem+json");
        urge(suzhou, id).statusCode(404);
        given().auth().oauth2(suzhou).get("/cases/" + id + "/leadership").then().statusCode(404);
        org.junit.jupiter.api.Assertions.assertFalse(queue(suzhou).contains(id));
        ledger(TestTokens.leader("3413"), id).statusCode(404);
        org.junit.jupiter.api.Assertions.assertFalse(queue(TestTokens.leader("3413")).contains(id));
        ledger(TestTokens.clerk("3413"), id).statusCode(404);
        ledger(TestTokens.supervisor("3415"), id).statusCode(200);
        ledger(TestTokens.leader("3415"), id).statusCode(200);
        ledger(TestTokens.handler("341502-RSJ"), id).statusCode(200);
    }

    @Test
    void aTokenWithoutAUsableJurisdictionSeesNothingNotEvenStatistics() throws Exception {
        String id = openCase("341302", null, "341302-RSJ", "COUNTY");
        for (String jurisdiction : new String[] {null, "", " ", "3", "34%"}) {
            for (String role : List.of("supervisor", "leader")) {
                String token = TestTokens.token(role + "-x", Set.of(role), null, jurisdiction);
                ledger(token, id).statusCode(404);
                given().auth().oauth2(token).get("/cases/queue").then().statusCode(403)
                        .contentType("application/problem+json");
                given().auth().oauth2(token).queryParam("period", "year").queryParam("date", "2021")
                        .get("/statistics/volume").then().statusCode(403).contentType("application/problem+json");
                given().auth().oauth2(token).queryParam("period", "year").queryParam("date", "2021")
                        .get("/statistics/performance").then().statusCode(403);
            }
            urge(TestTokens.token("supervisor-x", Set.of("supervisor"), null, jurisdiction), id).statusCode(404);
        }
        given().auth().oauth2(TestTokens.token("handler-x", Set.of("handler"), null, null)).get("/cases/queue")
                .then().statusCode(403).contentType("application/problem+json");
        // a leader is scoped by jurisdiction like a supervisor: a city's leader, the city's figures
        given().auth().oauth2(TestTokens.leader("3413")).queryParam("period", "year").queryParam("date", "2021")
                .get("/statistics/volume").then().statusCode(200).body("jurisdiction", equalTo("3413"));
        given().auth().oauth2(TestTokens.leader("3413")).queryParam("period", "year").queryParam("date", "2021")
                .queryParam("jurisdiction", "34").get("/statistics/volume").then().statusCode(403);
    }

    @Test
    void untilTheAccusationIsKnownOnlyTheAssignedUnitAndProvinceWideReadersSeeTheCase() throws Exception {
        String id = UUID.randomUUID().toString();
        OffsetDateTime at = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MILLIS);
        KafkaProbe.send("case.assigned", id, "gov.petition.case.assigned.v1", UUID.randomUUID(),
                assigned(id, "341322", 1, "3413-RSJ", "CITY", at));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> ledger(TestTokens.auditor(), id).statusCode(200));
        ledger(TestTokens.handler("3413-RSJ"), id).statusCode(200);
        ledger(TestTokens.supervisor("341322"), id).statusCode(404);
        ledger(TestTokens.supervisor("3413"), id).statusCode(404);
        org.junit.jupiter.api.Assertions.assertFalse(queue(TestTokens.supervisor("3413")).contains(id));

        KafkaProbe.send("petition.registered", id, "gov.petition.petition.registered.v1", UUID.randomUUID(),
                registered(id, "341322", List.of("341322-ZF"), at));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> ledger(TestTokens.supervisor("3413"), id).statusCode(200));
        ledger(TestTokens.supervisor("341322"), id).statusCode(404);
        given().auth().oauth2(TestTokens.supervisor("3413")).queryParam("size", 200).queryParam("category", CATEGORY).get("/cases/queue").then()
                .statusCode(200).body("items.petitionId", hasItem(id));
        given().auth().oauth2(TestTokens.supervisor("341322")).queryParam("size", 200).queryParam("category", CATEGORY).get("/cases/queue").then()
                .statusCode(200).body("items.petitionId", not(hasItem(id)));
    }
}

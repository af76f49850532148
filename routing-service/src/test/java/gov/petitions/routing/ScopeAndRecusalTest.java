package gov.petitions.routing;

import com.fasterxml.jackson.databind.JsonNode;
import gov.petitions.testing.Contracts;
import gov.petitions.testing.KafkaProbe;
import gov.petitions.testing.TestSecrets;
import gov.petitions.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Issue 16's reproductions against routing: a case is read and moved only by who may see it, and a reassignment
 * goes only inside the caller's jurisdiction and never into the case's recusal set.
 */
@QuarkusTest
@QuarkusTestResource(TestSecrets.class)
class ScopeAndRecusalTest {

    private static KafkaProbe assigned;

    @BeforeAll
    static void open() {
        assigned = KafkaProbe.open("case.assigned");
    }

    @AfterAll
    static void close() {
        assigned.close();
    }

    private static String routed(String category, String location, List<String> accused, String expectedUnit) throws Exception {
        String id = UUID.randomUUID().toString();
        KafkaProbe.send("petition.registered", id, "gov.petition.petition.registered.v1", UUID.randomUUID(),
                RoutingFlowTest.registered(id, category, location, accused));
        JsonNode first = Contracts.assertValidRecord("case.assigned",
                assigned.await(r -> id.equals(r.key()), 1, Duration.ofSeconds(30)).get(0));
        assertEquals(expectedUnit, first.at("/unit/code").asText(), "the initial routing already recuses");
        return id;
    }

    private static ValidatableResponse read(String token, String id) {
        return given().auth().oauth2(token).get("/cases/" + id + "/assignments").then();
    }

    private static ValidatableResponse reassign(String token, String id, String unit) {
        return given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("unitCode", unit, "reason", "改派")).post("/cases/" + id + "/reassignment").then();
    }

    @Test
    void theAccusedCountysOwnSupervisorNeitherSeesNorMovesTheCaseAndTheCityCannotSendItBack() throws Exception {
        for (String accusedUnit : List.of("341322-RSJ", "341322-ZF")) {
            String id = routed("labour-wages", "341322", List.of(accusedUnit), "3413-RSJ");
            String xiao = TestTokens.supervisor("341322");
            read(xiao, id).statusCode(404).contentType("application/problem+json");
            reassign(xiao, id, "341322-RSJ").statusCode(404).contentType("application/problem+json");
            read(TestTokens.handler("341322-RSJ"), id).statusCode(404);
            read(TestTokens.clerk("341322"), id).statusCode(404);
            read(TestTokens.leader("341322"), id).statusCode(404);

            String suzhou = TestTokens.supervisor("3413");
            read(suzhou, id).statusCode(200).body("current.unitCode", equalTo("3413-RSJ"));
            for (String recused : List.of("341322-RSJ", "341322-GAJ", "341322-XFJ", "341322101-ZF")) {
                reassign(suzhou, id, recused).statusCode(422).contentType("application/problem+json")
                        .body("detail", containsString("回避"));
            }
            reassign(suzhou, id, "341522-RSJ").statusCode(403).contentType("application/problem+json");
            reassign(suzhou, id, "3413-XFJ").statusCode(200).body("unitCode", equalTo("3413-XFJ"));
            read(TestTokens.handler("341322-RSJ"), id).statusCode(404);
            read(xiao, id).statusCode(404);
            // the province's supervisors see it and may move it within the province, still not into the recusal set
            reassign(TestTokens.supervisor("34"), id, "341322-RSJ").statusCode(422);
            read(TestTokens.supervisor("34"), id).statusCode(200).body("history", hasSize(2));
        }
    }

    @Test
    void aReassignmentBodyMeansOneThingOrIsRefused() throws Exception {
        // a body two readers could read two ways is how a recused target would be smuggled past one of them
        String id = routed("labour-wages", "341322", List.of("341322-RSJ"), "3413-RSJ");
        String suzhou = TestTokens.supervisor("3413");
        for (String body : List.of(
                "{\"unitCode\":\"3413-XFJ\",\"unitCode\":\"341322-RSJ\",\"reason\":\"改派\"}",
                "{\"unitCode\":\"3413-XFJ\",\"reason\":\"改派\",\"previousUnitCode\":\"341322-RSJ\"}",
                "{\"unitCode\":3413,\"reason\":\"改派\"}",
                "{\"unitCode\":\"3413-XFJ\",\"reason\":[\"改派\"]}",
                "{\"unitCode\":\"3413-XFJ\",\"reason\":\"改派\"} {}",
                "{\"unitCode\":\"3413-XFJ\",\"reason\":\"" + "改".repeat(100_000) + "\"}")) {
            given().auth().oauth2(suzhou).contentType(ContentType.JSON).body(body).post("/cases/" + id + "/reassignment")
                    .then().statusCode(org.hamcrest.Matchers.oneOf(400, 413)).contentType("application/problem+json");
        }
        read(suzhou, id).statusCode(200).body("current.unitCode", equalTo("3413-RSJ")).body("history", hasSize(1));
    }

    @Test
    void aCityCannotMoveItsCaseToAnotherCity() throws Exception {
        String id = routed("labour-wages", "341302", null, "341302-RSJ");
        reassign(TestTokens.supervisor("3413"), id, "341522-RSJ").statusCode(403)
                .contentType("application/problem+json").body("title", equalTo("Outside your jurisdiction"));
        // a county supervisor cannot move it to the city above either
        reassign(TestTokens.supervisor("341302"), id, "3413-RSJ").statusCode(403);
        read(TestTokens.auditor(), id).statusCode(200).body("history", hasSize(1));
        reassign(TestTokens.supervisor("3413"), id, "341302-XFJ").statusCode(200);
    }

    @Test
    void anotherCitysSupervisorReadsNothing() throws Exception {
        String id = routed("education", "341502", null, "341502-JYJ");
        read(TestTokens.supervisor("3413"), id).statusCode(404).contentType("application/problem+json");
        read(TestTokens.leader("3413"), id).statusCode(404);
        read(TestTokens.clerk("3413"), id).statusCode(404);
        reassign(TestTokens.supervisor("3413"), id, "3413-JYJ").statusCode(404);
        read(TestTokens.supervisor("3415"), id).statusCode(200);
        read(TestTokens.leader("34"), id).statusCode(200);
        read(TestTokens.handler("341502-JYJ"), id).statusCode(200);
        read(TestTokens.handler("341302-JYJ"), id).statusCode(404);
    }

    @Test
    void aTokenWithoutAUsableJurisdictionSeesAndMovesNothing() throws Exception {
        String id = routed("education", "341302", null, "341302-JYJ");
        for (String jurisdiction : new String[] {null, "", "3", "34%"}) {
            String token = TestTokens.token("supervisor-x", Set.of("supervisor"), null, jurisdiction);
            read(token, id).statusCode(404);
            reassign(token, id, "341302-XFJ").statusCode(404);
            read(TestTokens.token("leader-x", Set.of("leader"), null, jurisdiction), id).statusCode(404);
            read(TestTokens.token("clerk-x", Set.of("clerk"), null, jurisdiction), id).statusCode(404);
        }
        read(TestTokens.token("handler-x", Set.of("handler"), null, null), id).statusCode(404);
    }

    @Test
    void theAccusationTravelsWithTheCaseThroughReturnAndEscalation() throws Exception {
        // accuses 萧县's government: starts at the city, is returned to the city's bureau, escalates to the province;
        // the county never sees it, and no one may move it back into the county
        String id = routed("law-enforcement", "341322", List.of("341322-ZF"), "3413-GAJ");
        given().auth().oauth2(TestTokens.handler("3413-GAJ")).contentType(ContentType.JSON)
                .body(Map.of("reason", "不属于本单位职责")).post("/cases/" + id + "/return")
                .then().statusCode(200).body("unitCode", equalTo("3413-XFJ"));
        read(TestTokens.supervisor("341322"), id).statusCode(404);
        read(TestTokens.handler("3413-GAJ"), id).statusCode(200).body("history", hasSize(2));
        read(TestTokens.handler("341322-GAJ"), id).statusCode(404);
        reassign(TestTokens.supervisor("3413"), id, "341322-GAJ").statusCode(422);

        RoutingFlowTest.escalate(id, "3413-XFJ", "CANNOT_RESOLVE");
        JsonNode escalated = Contracts.assertValidRecord("case.assigned", assigned.await(
                r -> id.equals(r.key()) && RoutingFlowTest.sequenceOf(r) == 3, 1, Duration.ofSeconds(60)).get(0));
        assertEquals("34-XFJ", escalated.at("/unit/code").asText());
        assertEquals("ESCALATION", escalated.get("reason").asText());
        read(TestTokens.supervisor("34"), id).statusCode(200).body("current.unitCode", equalTo("34-XFJ"))
                .body("history", hasSize(3));
        read(TestTokens.supervisor("341322"), id).statusCode(404);
        read(TestTokens.handler("341322-XFJ"), id).statusCode(404);
        reassign(TestTokens.supervisor("34"), id, "341322-XFJ").statusCode(422);
    }
}

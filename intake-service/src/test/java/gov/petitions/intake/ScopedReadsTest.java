package gov.petitions.intake;

import gov.petitions.testing.TestSecrets;
import gov.petitions.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Issue #16 item 5 (and 6): every read of a petition in intake goes through the one scope model. Outside the
 * caller's jurisdiction, inside the petition's recusal set, or without a usable jurisdiction: 404, the same answer
 * as for a petition that does not exist. Summaries count the caller's subtree only.
 */
@QuarkusTest
@QuarkusTestResource(TestSecrets.class)
class ScopedReadsTest {

    private static String register(String location, List<Map<String, Object>> accused) {
        Map<String, Object> body = Bodies.petition("WALK_IN", "labour-wages", location, "拖欠工资",
                Bodies.person("陈某", Bodies.mobile(), null));
        if (accused != null) {
            body.put("accused", accused);
        }
        return given().auth().oauth2(TestTokens.clerk()).contentType(ContentType.JSON).body(body)
                .post("/petitions").then().statusCode(201).extract().path("petitionId");
    }

    private static int status(String token, String petitionId) {
        return given().auth().oauth2(token).get("/petitions/" + petitionId).then().extract().statusCode();
    }

    @Test
    void aSupervisorOfAnotherCityDoesNotSeeThePetition() {
        String id = register("341522", null); // 六安 霍邱县
        String notFound = given().auth().oauth2(TestTokens.supervisor("3413")).get("/petitions/" + id).then()
                .statusCode(404).contentType("application/problem+json").extract().path("type");
        // the same answer as for a petition that does not exist: nothing tells the two apart
        given().auth().oauth2(TestTokens.supervisor("3413")).get("/petitions/" + UUID.randomUUID()).then()
                .statusCode(404).body("type", equalTo(notFound));

        assertEquals(404, status(TestTokens.clerk("3413"), id));
        assertEquals(404, status(TestTokens.leader("3413"), id));
        assertEquals(404, status(TestTokens.supervisor("341302"), id));
        assertEquals(200, status(TestTokens.supervisor("3415"), id));
        assertEquals(200, status(TestTokens.supervisor("341522"), id));
        assertEquals(200, status(TestTokens.leader("34"), id));
        assertEquals(200, status(TestTokens.auditor(), id));
        assertEquals(200, status(TestTokens.service(), id));
        // handlers have no use for intake's view (the console and the services never ask): not allowed at all
        assertEquals(403, status(TestTokens.handler("341522-RSJ"), id));
    }

    @Test
    void withoutAUsableJurisdictionNothingIsSeen() {
        String id = register("341302", null);
        assertEquals(404, status(TestTokens.token("sup-none", Set.of("supervisor"), null, null), id));
        assertEquals(404, status(TestTokens.token("sup-empty", Set.of("supervisor"), null, ""), id));
        assertEquals(404, status(TestTokens.token("sup-bad", Set.of("supervisor"), null, "11"), id));
        assertEquals(404, status(TestTokens.token("clerk-none", Set.of("clerk"), null, null), id));
    }

    @Test
    void aPetitionAccusingAUnitIsHiddenFromEveryoneAtOrUnderThatUnitsDivision() {
        String id = register("341322", List.of(Map.of("name", "萧县人社局", "kind", "UNIT", "unitCode", "341322-RSJ")));
        assertEquals(404, status(TestTokens.supervisor("341322"), id));
        assertEquals(404, status(TestTokens.clerk("341322"), id));
        assertEquals(404, status(TestTokens.leader("341322"), id));
        assertEquals(404, status(TestTokens.supervisor("341322100"), id));
        assertEquals(200, status(TestTokens.supervisor("3413"), id));
        assertEquals(200, status(TestTokens.supervisor("34"), id));
    }

    @Test
    void theViewShowsTheContactGivenWithThatPetition() {
        String idNumber = Bodies.idNumber();
        String phoneA = Bodies.mobile();
        String phoneB = Bodies.mobile();
        String first = given().auth().oauth2(TestTokens.clerk()).contentType(ContentType.JSON)
                .body(Bodies.petition("WALK_IN", "labour-wages", "341302", "拖欠工资", Bodies.person("王建国", phoneA, idNumber)))
                .post("/petitions").then().statusCode(201).extract().path("petitionId");
        String second = given().auth().oauth2(TestTokens.clerk()).contentType(ContentType.JSON)
                .body(Bodies.petition("WALK_IN", "labour-wages", "341302", "另一件事", Bodies.person("冒名者", phoneB, idNumber)))
                .post("/petitions").then().statusCode(201).extract().path("petitionId");
        given().auth().oauth2(TestTokens.clerk()).get("/petitions/" + second).then().statusCode(200)
                .body("petitionerName", equalTo("冒**")).body("petitionerPhone", equalTo(mask(phoneB)));
        given().auth().oauth2(TestTokens.clerk()).get("/petitions/" + first).then().statusCode(200)
                .body("petitionerName", equalTo("王**")).body("petitionerPhone", equalTo(mask(phoneA)));
    }

    @Test
    void aClerkOfAnotherCityCannotChangeAContactThroughItsPetitions() {
        String id = register("341522", null);
        String ref = given().auth().oauth2(TestTokens.clerk()).get("/petitions/" + id).then().extract().path("petitionerRef");
        given().auth().oauth2(TestTokens.clerk("3413")).contentType(ContentType.JSON)
                .body(Map.of("petitionId", id, "name", "攻击者", "phone", Bodies.mobile(), "personPresent", true))
                .put("/petitioners/" + ref + "/contact").then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void summariesCountTheCallersSubtreeOnly() {
        register("341522", null);
        String from = LocalDate.now().minusDays(1).toString();
        String to = LocalDate.now().plusDays(1).toString();
        given().auth().oauth2(TestTokens.supervisor("3413")).queryParam("from", from).queryParam("to", to)
                .queryParam("location", "3415").get("/registrations/summary").then().statusCode(403)
                .contentType("application/problem+json");
        given().auth().oauth2(TestTokens.supervisor("3413")).queryParam("from", from).queryParam("to", to)
                .queryParam("location", "34").get("/registrations/summary").then().statusCode(403);
        given().auth().oauth2(TestTokens.supervisor("3413")).queryParam("from", from).queryParam("to", to)
                .get("/registrations/summary").then().statusCode(200).body("location", equalTo("3413"));
        given().auth().oauth2(TestTokens.supervisor("3415")).queryParam("from", from).queryParam("to", to)
                .queryParam("location", "341522").get("/registrations/summary").then().statusCode(200)
                .body("batches", greaterThanOrEqualTo(1));
        given().auth().oauth2(TestTokens.auditor()).queryParam("from", from).queryParam("to", to)
                .get("/registrations/summary").then().statusCode(200).body("location", equalTo("34"));
        for (String jurisdiction : new String[] {null, "", "3"}) {
            given().auth().oauth2(TestTokens.token("sup-x", Set.of("supervisor"), null, jurisdiction))
                    .queryParam("from", from).queryParam("to", to).get("/registrations/summary").then().statusCode(403)
                    .contentType("application/problem+json");
        }
    }

    private static String mask(String phone) {
        return phone.substring(0, 3) + "****" + phone.substring(7);
    }
}

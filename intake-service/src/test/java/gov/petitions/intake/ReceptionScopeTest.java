package gov.petitions.intake;

import gov.petitions.testing.MovableClock;
import gov.petitions.testing.TestSecrets;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import gov.petitions.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Set;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue #16 item 7: reception sessions are planned, announced and run only inside the caller's jurisdiction, and the
 * public sees the receiving leader and the desks, never who staffs them. Issue #17 item 8: the feed's links come
 * from configuration, not from the Host header.
 */
@QuarkusTest
@QuarkusTestResource(TestSecrets.class)
class ReceptionScopeTest {

    private static final LocalDate TODAY = LocalDate.now(ZoneId.of("Asia/Shanghai"));

    private static String create(String token, String county) {
        return given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(ReceptionSessionTest.session(county, TODAY.plusDays(10), "刘平")).post("/reception-sessions")
                .then().statusCode(201).extract().path("sessionId");
    }

    @Test
    void aSupervisorPlansAndAnnouncesOnlyInsideTheirJurisdiction() {
        given().auth().oauth2(TestTokens.supervisor("3413")).contentType(ContentType.JSON)
                .body(ReceptionSessionTest.session("341522", TODAY.plusDays(10), "刘平")).post("/reception-sessions")
                .then().statusCode(403).contentType("application/problem+json")
                .body("type", equalTo("https://petitions.gov.example/problems/outside-jurisdiction"));
        for (String jurisdiction : new String[] {null, ""}) {
            given().auth().oauth2(TestTokens.token("sup-x", Set.of("supervisor"), null, jurisdiction)).contentType(ContentType.JSON)
                    .body(ReceptionSessionTest.session("341302", TODAY.plusDays(10), "刘平")).post("/reception-sessions")
                    .then().statusCode(403).contentType("application/problem+json");
        }

        String luan = create(TestTokens.supervisor("3415"), "341522");
        given().auth().oauth2(TestTokens.supervisor("3413")).post("/reception-sessions/" + luan + "/publication")
                .then().statusCode(403).contentType("application/problem+json");
        given().auth().oauth2(TestTokens.supervisor("3413")).get("/reception-sessions/" + luan).then().statusCode(403);
        given().auth().oauth2(TestTokens.supervisor("3413")).queryParam("county", "3415").get("/reception-sessions")
                .then().statusCode(403);
        given().auth().oauth2(TestTokens.supervisor("3413")).get("/reception-sessions").then().statusCode(200)
                .body("sessionId", not(hasItem(luan)));
        given().auth().oauth2(TestTokens.supervisor("3415")).post("/reception-sessions/" + luan + "/publication")
                .then().statusCode(200).body("status", equalTo("PUBLISHED"));
        // and the desk of another city cannot run it
        given().auth().oauth2(TestTokens.clerk("3413")).post("/reception-sessions/" + luan + "/opening").then().statusCode(403);
        given().auth().oauth2(TestTokens.clerk("3413")).post("/reception-sessions/" + luan + "/tickets").then().statusCode(403);
        clock.moveTo(TODAY.plusDays(10).atTime(8, 0).atZone(ZoneId.of("Asia/Shanghai")).toInstant()); // on its day
        given().auth().oauth2(TestTokens.clerk("3415")).post("/reception-sessions/" + luan + "/opening").then().statusCode(200);
    }

    @Inject
    MovableClock clock;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void thePublicSeesTheLeaderAndTheDesksButNoStaffNames() {
        String session = create(TestTokens.supervisor("3416"), "341621");
        given().auth().oauth2(TestTokens.supervisor("3416")).post("/reception-sessions/" + session + "/publication")
                .then().statusCode(200);
        String json = given().queryParam("county", "341621").get("/public/reception-sessions").then().statusCode(200)
                .body("find { it.sessionId == '" + session + "' }.leaderName", equalTo("刘平"))
                .body("find { it.sessionId == '" + session + "' }.desks[0].number", equalTo(1))
                .body("find { it.sessionId == '" + session + "' }.desks[1].name", equalTo("住建局接谈组"))
                .extract().asString();
        assertFalse(json.contains("劳动监察大队长") || json.contains("住建局副局长") || json.contains("staff"), json);
        String atom = given().queryParam("county", "341621").get("/public/reception-sessions/feed").then().statusCode(200)
                .extract().asString();
        assertFalse(atom.contains("劳动监察大队长") || atom.contains("住建局副局长"), atom);
        // staff still see who staffs each desk
        given().auth().oauth2(TestTokens.supervisor("3416")).get("/reception-sessions/" + session).then().statusCode(200)
                .body("desks[0].staff", hasItem("劳动监察大队长"));
    }

    @Test
    void theFeedsSelfLinkComesFromConfigurationNotFromTheHostHeader() {
        String atom = given().header("Host", "evil.example:666").header("X-Forwarded-Host", "evil.example")
                .queryParam("county", "3413").get("/public/reception-sessions/feed").then().statusCode(200)
                .extract().asString();
        assertFalse(atom.contains("evil.example"), atom);
        assertTrue(atom.contains("href=\"http://127.0.0.1:8090/api/intake/public/reception-sessions/feed?county=3413\""), atom);
    }
}

package gov.petitions.intake;

import gov.petitions.testing.TestSecrets;
import gov.petitions.testing.TestTokens;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The province is configuration (petitions.province.code; the tests run the default deployment, Anhui 34): a
 * well-formed division code of another province (Ningxia's 兴庆区 640104) is refused wherever a place is given, with
 * problem+json naming the field and the deployment's province, and nothing is registered.
 */
@QuarkusTest
@QuarkusTestResource(TestSecrets.class)
class OutsideTheProvinceTest {

    private static final String REFUSAL = "must lie in 安徽省 (34), the province this deployment serves";

    @Test
    void aPetitionAboutAPlaceOfAnotherProvinceIsRefusedNamingTheField() {
        String summary = "外省地点 " + UUID.randomUUID();
        given().auth().oauth2(TestTokens.clerk()).contentType(ContentType.JSON)
                .body(Bodies.petition("WALK_IN", "labour-wages", "640104", summary, Bodies.person("马建国", Bodies.mobile(), null)))
                .post("/petitions").then().statusCode(400).contentType("application/problem+json")
                .body("type", equalTo("https://petitions.gov.example/problems/invalid-input"))
                .body("violations.field", hasItem("locationCode"))
                .body("violations.message", hasItem(REFUSAL))
                .body("detail", containsString("locationCode: " + REFUSAL));
        // citizens online: a township of Ningxia
        given().contentType(ContentType.JSON)
                .body(Map.of("categoryCode", "education", "locationCode", "640104001", "summary", summary,
                        "petitioner", Map.of("name", "马梅", "phone", Bodies.mobile())))
                .post("/public/petitions").then().statusCode(400).contentType("application/problem+json")
                .body("violations.field", hasItem("locationCode")).body("violations.message", hasItem(REFUSAL));
        assertEquals(0L, QuarkusTransaction.requiringNew().call(() -> Petition.count("summary", summary)),
                "nothing registered");
    }

    @Test
    void aMalformedCodeOfTheProvinceIsTheFormatErrorOnly() {
        given().auth().oauth2(TestTokens.clerk()).contentType(ContentType.JSON)
                .body(Bodies.petition("WALK_IN", "labour-wages", "34130", "五位码", Bodies.person("马建国", Bodies.mobile(), null)))
                .post("/petitions").then().statusCode(400).contentType("application/problem+json")
                .body("violations.message", hasItem("must be a county (6 digits) or township (9 digits) division code"))
                .body("detail", org.hamcrest.Matchers.not(containsString("安徽省")));
    }

    @Test
    void receptionSessionsAndSummariesOfAnotherProvinceAreRefused() {
        Map<String, Object> session = ReceptionSessionTest.session("640104",
                LocalDate.now(ZoneId.of("Asia/Shanghai")).plusDays(10), "马书记");
        given().auth().oauth2(TestTokens.supervisor("34")).contentType(ContentType.JSON).body(session)
                .post("/reception-sessions").then().statusCode(400).contentType("application/problem+json")
                .body("violations.field", hasItem("countyCode")).body("violations.message", hasItem(REFUSAL));
        given().queryParam("county", "6401").get("/public/reception-sessions").then().statusCode(400)
                .contentType("application/problem+json")
                .body("violations.field", hasItem("county")).body("violations.message", hasItem(REFUSAL));
        given().queryParam("county", "64").get("/public/reception-sessions/feed").then().statusCode(400)
                .contentType("application/problem+json").body("violations.field", hasItem("county"));
        given().auth().oauth2(TestTokens.clerk()).queryParam("county", "640104").get("/reception-sessions").then()
                .statusCode(400).contentType("application/problem+json").body("violations.field", hasItem("county"));
        String today = LocalDate.now(ZoneId.of("Asia/Shanghai")).toString();
        given().auth().oauth2(TestTokens.supervisor("34")).queryParam("from", today).queryParam("to", today)
                .queryParam("location", "640104001").get("/registrations/summary").then().statusCode(400)
                .contentType("application/problem+json")
                .body("violations.field", hasItem("location")).body("violations.message", hasItem(REFUSAL));
        // the province's own codes still pass
        given().queryParam("county", "34").get("/public/reception-sessions").then().statusCode(200);
    }
}

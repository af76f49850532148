package gov.petitions.supervision;

import gov.petitions.testing.KafkaProbe;
import gov.petitions.testing.TestSecrets;
import gov.petitions.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/**
 * Issue 19, "the province and its code as configuration": supervision deployed for Ningxia (petitions.province.code
 * 64) takes Ningxia's petitions into the ledger, answers for Ningxia's divisions, refuses Anhui's as outside the
 * province, and its provincial admin is Ningxia's — nothing of Anhui's 34 is assumed.
 */
@QuarkusTest
@QuarkusTestResource(TestSecrets.class)
@TestProfile(ProvinceAsConfigurationTest.Ningxia.class)
class ProvinceAsConfigurationTest {

    public static class Ningxia implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("petitions.province.code", "64", "petitions.province.name", "宁夏回族自治区");
        }
    }

    @Test
    void aNingxiaPetitionEntersTheLedgerAndTheProvincesFiguresAreNingxias() throws Exception {
        String id = UUID.randomUUID().toString();
        // 兴庆区, Yinchuan
        KafkaProbe.send("petition.registered", id, "gov.petition.petition.registered.v1", UUID.randomUUID(),
                ScopeAndRecusalTest.registered(id, "640104", null, OffsetDateTime.now()));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(TestTokens.auditor())
                .get("/ledger/" + id).then().statusCode(200).body("locationCode", equalTo("640104")));

        // the auditor's whole province is Ningxia: its city is inside, Anhui's is another province's (400, named)
        given().auth().oauth2(TestTokens.auditor()).queryParam("period", "year").queryParam("jurisdiction", "6401")
                .get("/statistics/volume").then().statusCode(200).body("jurisdiction", equalTo("6401"));
        given().auth().oauth2(TestTokens.auditor()).queryParam("period", "year")
                .get("/statistics/volume").then().statusCode(200).body("jurisdiction", equalTo("64"));
        given().auth().oauth2(TestTokens.auditor()).queryParam("period", "year").queryParam("jurisdiction", "3413")
                .get("/statistics/volume").then().statusCode(400).contentType("application/problem+json")
                .body(containsString("宁夏回族自治区 (64)"));
    }

    @Test
    void theProvincialAdminIsNingxiasNotAnhuis() {
        // a year out of range: refused after the province check, so nothing of the calendar changes
        Map<String, Object> year = Map.of("source", "x", "holidays", List.of(), "workingDays", List.of());
        given().auth().oauth2(TestTokens.token("admin-34", Set.of("admin"), null, "34")).contentType(ContentType.JSON)
                .body(year).put("/calendar/holidays/2101").then().statusCode(403)
                .body("detail", containsString("the province (64)"));
        given().auth().oauth2(TestTokens.token("admin-64", Set.of("admin"), null, "64")).contentType(ContentType.JSON)
                .body(year).put("/calendar/holidays/2101").then().statusCode(400)
                .body("violations[0].field", equalTo("year"));
    }
}

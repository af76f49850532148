package gov.petitions.intake;

import com.fasterxml.jackson.databind.JsonNode;
import gov.petitions.testing.Contracts;
import gov.petitions.testing.TestSecrets;
import gov.petitions.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
@QuarkusTestResource(TestSecrets.class)
class PetitionRegistrationTest {

    static Map<String, Object> walkIn(String location, String phone) {
        return Map.of(
                "channel", "WALK_IN",
                "categoryCode", "labour-wages",
                "locationCode", location,
                "summary", "工程款拖欠，农民工工资未发放",
                "content", "2021年在工地务工，工资至今未结清。",
                "personCount", 3,
                "petitioner", Map.of("name", "王建国", "phone", phone));
    }

    @Test
    void registersPetitionAndPublishesItThroughTheOutbox() {
        String petitionId = given().auth().oauth2(TestTokens.clerk()).contentType(ContentType.JSON)
                .body(walkIn("341302", "13812345678"))
                .when().post("/petitions")
                .then().statusCode(201)
                .header("Location", matchesPattern(".*/petitions/[0-9a-f-]{36}$"))
                .body("trackingNumber", matchesPattern("^XF[0-9]{17}$"))
                .body("queryCode", matchesPattern("^[A-Z2-9]{13}$"))
                .extract().path("petitionId");

        given().auth().oauth2(TestTokens.supervisor("34")).when().get("/petitions/" + petitionId)
                .then().statusCode(200)
                .body("petitionerName", equalTo("王**"))
                .body("petitionerPhone", equalTo("138****5678"))
                .body("personCount", equalTo(3))
                .body("channel", equalTo("WALK_IN"));

        ConsumerRecord<String, String> record = RegisteredEvents.recordOf(petitionId);
        JsonNode data = Contracts.assertValidRecord("petition.registered", record);
        assertEquals("/intake-service", Contracts.header(record, "ce_source"));
        assertEquals(petitionId, data.get("petitionId").asText());
        assertEquals("341302", data.get("locationCode").asText());
        assertEquals(3, data.get("personCount").asInt());
        assertFalse(record.value().contains("王建国"), "no petitioner name in events");
        assertFalse(record.value().contains("13812345678"), "no phone number in events");
    }

    @Test
    void publicOnlineSubmissionNeedsNoAccountAndStatusNeedsTheCode() {
        var receipt = given().contentType(ContentType.JSON)
                .body(Map.of("categoryCode", "education", "locationCode", "340102001", "summary", "学区划分问题",
                        "petitioner", Map.of("name", "李梅", "phone", "0551-62345678")))
                .when().post("/public/petitions")
                .then().statusCode(201).extract().jsonPath();

        given().contentType(ContentType.JSON)
                .body(Map.of("trackingNumber", receipt.getString("trackingNumber"), "queryCode", receipt.getString("queryCode")))
                .when().post("/public/status-lookups")
                .then().statusCode(200).body("status", equalTo("REGISTERED"));

        given().contentType(ContentType.JSON)
                .body(Map.of("trackingNumber", receipt.getString("trackingNumber"), "queryCode", "WRONG2345ABCD"))
                .when().post("/public/status-lookups")
                .then().statusCode(404).contentType("application/problem+json");

        ConsumerRecord<String, String> record = RegisteredEvents.recordOf(receipt.getString("petitionId"));
        assertEquals("ONLINE", Contracts.assertValidRecord("petition.registered", record).get("channel").asText());
    }

    @Test
    void malformedPetitionIsRefusedWithProblemJsonAndNoEvent() {
        long outboxBefore = outboxRows();
        given().auth().oauth2(TestTokens.clerk()).contentType(ContentType.JSON)
                .body(Map.of("channel", "WALK_IN", "categoryCode", "labour-wages", "locationCode", "110101",
                        "summary", "", "petitioner", Map.of("name", "张三", "phone", "12345")))
                .when().post("/petitions")
                .then().log().ifValidationFails().statusCode(400)
                .contentType("application/problem+json")
                .body("status", equalTo(400))
                .body("type", startsWith("https://"))
                .body("violations.field", hasItem("locationCode"))
                .body("violations.field", hasItem("summary"))
                .body("violations.field", hasItem("petitioner.phone"));

        given().auth().oauth2(TestTokens.clerk()).contentType(ContentType.JSON)
                .body("{\"channel\": \"CARRIER_PIGEON\"}")
                .when().post("/petitions")
                .then().log().ifValidationFails().statusCode(400).contentType("application/problem+json");

        given().auth().oauth2(TestTokens.clerk()).contentType(ContentType.JSON)
                .body("{not json")
                .when().post("/petitions")
                .then().log().ifValidationFails().statusCode(400).contentType("application/problem+json");

        given().auth().oauth2(TestTokens.clerk()).contentType(ContentType.JSON)
                .body(walkIn("349999", "13812345678"))
                .when().post("/petitions")
                .then().log().ifValidationFails().statusCode(400).contentType("application/problem+json")
                .body("type", equalTo("https://petitions.gov.example/problems/unknown-location"));

        assertEquals(outboxBefore, outboxRows(), "a refused petition writes no event");
    }

    @Test
    void aRepeatPetitionerKeepsOnePseudonymAndIsCounted() {
        String phone = String.format("137%08d", new java.util.Random().nextInt(100_000_000));
        Map<String, Object> body = new java.util.HashMap<>(walkIn("341302", phone));
        body.put("petitioner", Map.of("name", "孙九", "phone", phone));
        String first = given().auth().oauth2(TestTokens.clerk()).contentType(ContentType.JSON).body(body)
                .post("/petitions").then().statusCode(201).extract().path("petitionId");
        String second = given().auth().oauth2(TestTokens.clerk()).contentType(ContentType.JSON).body(body)
                .post("/petitions").then().statusCode(201).extract().path("petitionId");
        JsonNode one = RegisteredEvents.of(first);
        JsonNode two = RegisteredEvents.of(second);
        assertEquals(one.get("petitionerRef").asText(), two.get("petitionerRef").asText(), "the same person, the same pseudonym");
        assertEquals(0, one.get("priorPetitions").asInt());
        assertEquals(1, two.get("priorPetitions").asInt(), "the second is a repeat petition, registered all the same");
    }

    @Test
    void staffEndpointsNeedATokenWithTheRightRole() {
        given().contentType(ContentType.JSON).body(walkIn("341302", "13812345678"))
                .when().post("/petitions")
                .then().statusCode(401).contentType("application/problem+json");

        given().auth().oauth2(TestTokens.auditor()).contentType(ContentType.JSON).body(walkIn("341302", "13812345678"))
                .when().post("/petitions")
                .then().statusCode(403).contentType("application/problem+json");

        given().auth().oauth2("not-a-token").contentType(ContentType.JSON).body(walkIn("341302", "13812345678"))
                .when().post("/petitions")
                .then().statusCode(401);

        // verified tokens are remembered for a minute (CachingJwtCallerPrincipalFactory): a token that was accepted
        // and then altered in its signature or in its claims is checked in full and refused
        String clerk = TestTokens.clerk();
        given().auth().oauth2(clerk).when().get("/registrations/summary?from=2026-01-01&to=2026-01-31").then().statusCode(200);
        String[] parts = clerk.split("\\.");
        String badSignature = parts[0] + "." + parts[1] + "." + new StringBuilder(parts[2]).reverse();
        String otherClaims = parts[0] + "." + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                "{\"sub\":\"intruder\",\"groups\":[\"clerk\"]}".getBytes(java.nio.charset.StandardCharsets.UTF_8))
                + "." + parts[2];
        for (String forged : List.of(badSignature, otherClaims)) {
            given().auth().oauth2(forged).when().get("/registrations/summary?from=2026-01-01&to=2026-01-31").then().statusCode(401);
        }
    }

    @Test
    void contactDetailsAreRevealedOnlyToServicesAndAudited() {
        String phone = Bodies.mobile();
        String petitionId = given().auth().oauth2(TestTokens.clerk()).contentType(ContentType.JSON)
                .body(walkIn("340104", phone)).when().post("/petitions")
                .then().statusCode(201).extract().path("petitionId");
        String ref = given().auth().oauth2(TestTokens.clerk()).when().get("/petitions/" + petitionId)
                .then().statusCode(200).extract().path("petitionerRef");

        given().auth().oauth2(TestTokens.clerk()).queryParam("purpose", "RECEIPT").queryParam("petitionId", petitionId)
                .when().get("/internal/petitioners/" + ref + "/contact")
                .then().statusCode(403);

        given().auth().oauth2(TestTokens.service()).queryParam("purpose", "RECEIPT").queryParam("petitionId", petitionId)
                .when().get("/internal/petitioners/" + ref + "/contact")
                .then().statusCode(200).body("phone", equalTo(phone)).body("name", equalTo("王建国"));

        assertTrue(io.quarkus.narayana.jta.QuarkusTransaction.requiringNew().call(
                () -> PiiAccess.count("petitionerId", java.util.UUID.fromString(ref))) == 1);
    }

    private static long outboxRows() {
        return io.quarkus.narayana.jta.QuarkusTransaction.requiringNew().call(() -> ((Number)
                Petition.getEntityManager().createNativeQuery("select count(*) from outbox_event").getSingleResult()).longValue());
    }
}

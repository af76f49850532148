package gov.petitions.supervision;

import com.fasterxml.jackson.databind.JsonNode;
import gov.petitions.testing.Contracts;
import gov.petitions.testing.KafkaProbe;
import gov.petitions.testing.TestSecrets;
import gov.petitions.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Urging (督办) goes through the domain: counted on the case, written to its timeline and told as case.urged through
 * the outbox in the same transaction, so that the urged unit can be told; a refused urge tells nothing.
 */
@QuarkusTest
@QuarkusTestResource(TestSecrets.class)
class UrgingTest {

    private static final String UNIT = "341302-RSJ";
    private static KafkaProbe urged;

    @BeforeAll
    static void open() {
        urged = KafkaProbe.open("case.urged");
    }

    @AfterAll
    static void close() {
        urged.close();
    }

    private static io.restassured.response.Response urge(String token, String id, String reason) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("reason", reason))
                .post("/cases/" + id + "/urge");
    }

    @Test
    void anUrgeIsToldOnCaseUrgedWithTheUrgedUnitAndItsRunningClock() throws Exception {
        String id = CaseLifecycleTest.assignedCase();
        String acceptanceDue = given().auth().oauth2(TestTokens.auditor()).get("/ledger/" + id).then().statusCode(200)
                .extract().path("acceptanceDueAt");

        // a phone and an ID number typed into the reason never reach the event; the timeline keeps the words
        urge(TestTokens.supervisor("3413"), id, "受理期限将至，请抓紧办理。当事人电话13812345678，身份证34130219800101123X")
                .then().statusCode(200).body("urgeCount", equalTo(1));

        JsonNode event = Contracts.assertValidRecord("case.urged", urged.awaitKey(id, Duration.ofSeconds(20)));
        assertEquals(id, event.get("petitionId").asText());
        assertEquals("XF20261126123456", event.get("trackingNumber").asText());
        assertEquals(UNIT, event.get("unitCode").asText());
        assertEquals("COUNTY", event.get("level").asText());
        assertEquals("supervisor", event.get("urgedByRole").asText());
        assertEquals("CITY", event.get("urgedByLevel").asText());
        assertEquals("3413", event.get("urgedByJurisdiction").asText());
        assertEquals(1, event.get("urgeCount").asInt());
        assertEquals("ACCEPTANCE", event.get("clock").asText());
        assertEquals(OffsetDateTime.parse(acceptanceDue).toInstant(), OffsetDateTime.parse(event.get("dueAt").asText()).toInstant());
        assertTrue(event.get("urgedAt").asText().endsWith("+08:00"), "China's time: " + event.get("urgedAt"));
        String reason = event.get("reason").asText();
        assertTrue(reason.startsWith("受理期限将至，请抓紧办理。"), reason);
        assertFalse(reason.contains("13812345678") || reason.contains("34130219800101123X"), reason);
        assertFalse(event.toString().contains("supervisor-"), "the urger by office, never by account name: " + event);

        given().auth().oauth2(TestTokens.handler(UNIT)).get("/ledger/" + id).then().statusCode(200)
                .body("timeline.reason", hasItem(containsString("督办")))
                .body("timeline.find { it.reason.contains('督办') }.actorRole", equalTo("supervisor"));

        // accepted: the handling clock runs now, and the second urge says so
        given().auth().oauth2(TestTokens.handler(UNIT)).contentType(ContentType.JSON).body(Map.of("accepted", true))
                .post("/cases/" + id + "/decision").then().statusCode(200);
        String handlingDue = given().auth().oauth2(TestTokens.auditor()).get("/ledger/" + id).then()
                .extract().path("handlingDueAt");
        urge(TestTokens.supervisor("34"), id, "请按期办结").then().statusCode(200).body("urgeCount", equalTo(2));
        List<ConsumerRecord<String, String>> both = urged.await(r -> id.equals(r.key()), 2, Duration.ofSeconds(20));
        JsonNode second = Contracts.assertValidRecord("case.urged", both.get(1));
        assertEquals("HANDLING", second.get("clock").asText());
        assertEquals(OffsetDateTime.parse(handlingDue).toInstant(), OffsetDateTime.parse(second.get("dueAt").asText()).toInstant());
        assertEquals("PROVINCE", second.get("urgedByLevel").asText());
        assertEquals(2, second.get("urgeCount").asInt());
    }

    @Test
    void aRefusedUrgeChangesNothingAndTellsNothing() throws Exception {
        String id = CaseLifecycleTest.assignedCase();
        // another city's supervisor: no such case for them
        urge(TestTokens.supervisor("3401"), id, "尽快办理").then().statusCode(404).contentType("application/problem+json");
        // a closed case has no unit working it: one clear 409 naming the state
        given().auth().oauth2(TestTokens.handler(UNIT)).contentType(ContentType.JSON)
                .body(Map.of("accepted", false, "reason", "不属于信访受理范围")).post("/cases/" + id + "/decision")
                .then().statusCode(200);
        urge(TestTokens.supervisor("3413"), id, "尽快办理").then().statusCode(409).contentType("application/problem+json")
                .body("type", endsWith("/illegal-transition"))
                .body("detail", containsString("The case is NOT_ACCEPTED"));

        given().auth().oauth2(TestTokens.supervisor("3413")).get("/cases/" + id + "/leadership").then().statusCode(200)
                .body("urgeCount", equalTo(0));
        assertEquals(0, urged.settle(r -> id.equals(r.key()), Duration.ofSeconds(2)).size(), "no case.urged for a refused urge");
    }
}

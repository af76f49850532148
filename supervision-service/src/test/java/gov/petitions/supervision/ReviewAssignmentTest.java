package gov.petitions.supervision;

import gov.petitions.testing.KafkaProbe;
import gov.petitions.testing.TestSecrets;
import gov.petitions.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Issue 18, item 5: the unit that replied could answer the review of its own reply in the moment between the
 * petitioner's request and routing's assignment of the review. Routing never runs in these tests: its assignments are
 * published here, later, as routing would.
 */
@QuarkusTest
@QuarkusTestResource(TestSecrets.class)
class ReviewAssignmentTest {

    private static RequestSpecification as(String token) {
        return given().auth().oauth2(token).contentType(ContentType.JSON);
    }

    private static void awaitStatus(String id, String status, String unit) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().auth().oauth2(TestTokens.auditor()).get("/ledger/" + id).then().statusCode(200)
                        .body("status", equalTo(status)).body("unitCode", equalTo(unit)));
    }

    /** A case answered by the county's 人社局, as far as the written reply. */
    static String repliedCase(String text) throws Exception {
        String id = UUID.randomUUID().toString();
        KafkaProbe.send("petition.registered", id, "gov.petition.petition.registered.v1", UUID.randomUUID(),
                LedgerFlowTest.registered(id, OffsetDateTime.now(ZoneOffset.UTC)));
        KafkaProbe.send("case.assigned", id, "gov.petition.case.assigned.v1", UUID.randomUUID(),
                PetitionerSideTest.assignedAs(id, 1, "341302-RSJ", "COUNTY", "INITIAL"));
        awaitStatus(id, "ASSIGNED", "341302-RSJ");
        // the accusation is known (none): supervisors may act on it too
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(TestTokens.supervisor("3413"))
                .get("/ledger/" + id).then().statusCode(200).body("personCount", equalTo(4)));
        as(TestTokens.handler("341302-RSJ")).body(Map.of("accepted", true)).post("/cases/" + id + "/decision")
                .then().statusCode(200);
        as(TestTokens.handler("341302-RSJ")).body(Map.of("text", text)).post("/cases/" + id + "/reply")
                .then().statusCode(200).body("status", equalTo("REPLIED"));
        return id;
    }

    private static void refusedWhileAwaiting(io.restassured.response.Response response) {
        response.then().statusCode(409).contentType("application/problem+json")
                .body("type", endsWith("/awaiting-assignment"));
    }

    @Test
    void theUnitThatRepliedCannotAnswerItsReviewBeforeNorAfterTheReviewIsAssigned() throws Exception {
        String id = repliedCase("已协调支付。");
        String county = TestTokens.handler("341302-RSJ");
        String city = TestTokens.handler("3413-RSJ");

        // the petitioner asks for a review (through intake's POST /public/review-requests, which calls this)
        as(TestTokens.service()).body(Map.of("reason", "不满意")).post("/internal/cases/" + id + "/review-request")
                .then().statusCode(200).body("status", equalTo("REVIEW_REQUESTED"));

        // at once, before routing's assignment: the county (still named on the case) is refused every action, clearly
        refusedWhileAwaiting(as(county).body(Map.of("text", "复查意见：维持。")).post("/cases/" + id + "/reply"));
        refusedWhileAwaiting(as(county).body(Map.of("accepted", true)).post("/cases/" + id + "/decision"));
        refusedWhileAwaiting(as(county).body(Map.of("days", 10, "reason", "x")).post("/cases/" + id + "/extension"));
        refusedWhileAwaiting(as(county).body(Map.of("reason", "x")).post("/cases/" + id + "/escalation-request"));
        refusedWhileAwaiting(as(TestTokens.supervisor("3413")).body(Map.of("reason", "x")).post("/cases/" + id + "/urge"));
        refusedWhileAwaiting(as(TestTokens.service()).body(Map.of("reason", "again")).post("/internal/cases/" + id + "/review-request"));
        // the city is not the case's unit yet
        as(city).body(Map.of("text", "复查意见")).post("/cases/" + id + "/reply").then().statusCode(404);
        given().auth().oauth2(TestTokens.auditor()).get("/ledger/" + id).then().statusCode(200)
                .body("status", equalTo("REVIEW_REQUESTED")).body("timeline.toStatus", not(hasItem("REVIEW_REPLIED")));

        // routing assigns the review one level up, to the city
        KafkaProbe.send("case.assigned", id, "gov.petition.case.assigned.v1", UUID.randomUUID(),
                PetitionerSideTest.assignedAs(id, 2, "3413-RSJ", "CITY", "REVIEW"));
        awaitStatus(id, "REVIEW_REQUESTED", "3413-RSJ");
        // the county is out of it now (not its case: 404); the city answers
        as(county).body(Map.of("text", "复查意见：维持。")).post("/cases/" + id + "/reply").then().statusCode(404);
        as(city).body(Map.of("text", "复查意见：责成补发。")).post("/cases/" + id + "/reply").then().statusCode(200)
                .body("status", equalTo("REVIEW_REPLIED")).body("unitCode", equalTo("3413-RSJ"));

        // a review assignment arriving late does not start the case over (the issue saw REVIEW_REPLIED → ASSIGNED)
        KafkaProbe.send("case.assigned", id, "gov.petition.case.assigned.v1", UUID.randomUUID(),
                PetitionerSideTest.assignedAs(id, 3, "3413-RSJ", "CITY", "REVIEW"));
        // re-review: waits for its assignment too
        as(TestTokens.service()).body(Map.of("reason", "仍不满意")).post("/internal/cases/" + id + "/review-request")
                .then().statusCode(200).body("status", equalTo("RE_REVIEW_REQUESTED"));
        refusedWhileAwaiting(as(city).body(Map.of("text", "复核意见")).post("/cases/" + id + "/reply"));

        // an assignment of the re-review to the reviewer itself (routing's mistake) never lets it answer
        KafkaProbe.send("case.assigned", id, "gov.petition.case.assigned.v1", UUID.randomUUID(),
                PetitionerSideTest.assignedAs(id, 4, "3413-RSJ", "CITY", "RE_REVIEW"));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                as(city).body(Map.of("text", "复核意见：维持。")).post("/cases/" + id + "/reply").then().statusCode(409)
                        .contentType("application/problem+json").body("type", endsWith("/own-decision-under-review")));
        KafkaProbe.send("case.assigned", id, "gov.petition.case.assigned.v1", UUID.randomUUID(),
                PetitionerSideTest.assignedAs(id, 5, "34-RSJ", "PROVINCE", "RE_REVIEW"));
        awaitStatus(id, "RE_REVIEW_REQUESTED", "34-RSJ");
        as(TestTokens.handler("34-RSJ")).body(Map.of("text", "复核意见：维持复查意见。")).post("/cases/" + id + "/reply")
                .then().statusCode(200).body("status", equalTo("FINAL"));

        List<String> statuses = given().auth().oauth2(TestTokens.auditor()).get("/ledger/" + id).then().statusCode(200)
                .extract().jsonPath().<String>getList("timeline.toStatus").stream()
                .filter(s -> !s.equals("REGISTERED")).toList(); // there if the registration came before the assignment
        assertEquals(List.of("ASSIGNED", "ACCEPTED", "REPLIED", "REVIEW_REQUESTED", "REVIEW_REQUESTED", "REVIEW_REPLIED",
                "RE_REVIEW_REQUESTED", "RE_REVIEW_REQUESTED", "RE_REVIEW_REQUESTED", "RE_REVIEW_REPLIED", "FINAL"), statuses,
                "never back to ASSIGNED, one answer per stage");
    }

    @Test
    void aReviewAssignedBackToTheUnitThatRepliedIsNotAnsweredByIt() throws Exception {
        String id = repliedCase("答复");
        as(TestTokens.service()).body(Map.of("reason", "不满意")).post("/internal/cases/" + id + "/review-request")
                .then().statusCode(200);
        KafkaProbe.send("case.assigned", id, "gov.petition.case.assigned.v1", UUID.randomUUID(),
                PetitionerSideTest.assignedAs(id, 2, "341302-RSJ", "COUNTY", "REVIEW"));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                as(TestTokens.handler("341302-RSJ")).body(Map.of("text", "复查意见")).post("/cases/" + id + "/reply")
                        .then().statusCode(409).contentType("application/problem+json")
                        .body("type", endsWith("/own-decision-under-review")));
    }
}

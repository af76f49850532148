package gov.petitions.supervision;

import gov.petitions.testing.KafkaProbe;
import gov.petitions.testing.TestSecrets;
import gov.petitions.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;

/**
 * Issue 18, item 3 (supervision's side): the printed letters carry the handler's text. Events carry no text, so
 * notification fetches each written decision here with its service token: the reply, the review's answer, the
 * re-review's answer (also the final decision), the reason a matter was not accepted — each kept, none overwritten.
 */
@QuarkusTest
@QuarkusTestResource(TestSecrets.class)
class WrittenDecisionTest {

    private static final String REPLY = "经调查，已协调用工单位于12月20日前支付拖欠工资。";
    private static final String REVIEW = "复查意见：原答复事实清楚，责成补发加班费。";
    private static final String RE_REVIEW = "复核意见：维持复查意见，本事项终结。";

    private static ValidatableResponse decision(String id, String status) {
        return given().auth().oauth2(TestTokens.service()).queryParam("status", status)
                .get("/cases/" + id + "/written-decision").then();
    }

    private static void absent(String id, String status) {
        decision(id, status).statusCode(404).contentType("application/problem+json");
    }

    private static void post(String token, String path, Map<String, Object> body, int status) {
        given().auth().oauth2(token).contentType(ContentType.JSON).body(body).post(path).then().statusCode(status);
    }

    @Test
    void eachDecisionKeepsItsOwnTextAndUnit() throws Exception {
        String id = ReviewAssignmentTest.repliedCase(REPLY);
        decision(id, "REPLIED").statusCode(200).contentType("application/json")
                .body("petitionId", equalTo(id)).body("trackingNumber", equalTo("XF20261126123456"))
                .body("status", equalTo("REPLIED")).body("text", equalTo(REPLY)).body("unitCode", equalTo("341302-RSJ"))
                .body("decidedAt", matchesPattern("\\d{4}-\\d{2}-\\d{2}T.*\\+08:00"));
        absent(id, "REVIEW_REPLIED");
        absent(id, "RE_REVIEW_REPLIED");
        absent(id, "FINAL");
        absent(id, "NOT_ACCEPTED");

        post(TestTokens.service(), "/internal/cases/" + id + "/review-request", Map.of("reason", "不满意"), 200);
        KafkaProbe.send("case.assigned", id, "gov.petition.case.assigned.v1", UUID.randomUUID(),
                PetitionerSideTest.assignedAs(id, 2, "3413-RSJ", "CITY", "REVIEW"));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(TestTokens.handler("3413-RSJ"))
                .contentType(ContentType.JSON).body(Map.of("text", REVIEW)).post("/cases/" + id + "/reply")
                .then().statusCode(200));
        decision(id, "REVIEW_REPLIED").statusCode(200).body("text", equalTo(REVIEW)).body("unitCode", equalTo("3413-RSJ"))
                .body("status", equalTo("REVIEW_REPLIED"));
        decision(id, "REPLIED").statusCode(200).body("text", equalTo(REPLY)).body("unitCode", equalTo("341302-RSJ"));
        absent(id, "FINAL");

        post(TestTokens.service(), "/internal/cases/" + id + "/review-request", Map.of("reason", "仍不满意"), 200);
        KafkaProbe.send("case.assigned", id, "gov.petition.case.assigned.v1", UUID.randomUUID(),
                PetitionerSideTest.assignedAs(id, 3, "34-RSJ", "PROVINCE", "RE_REVIEW"));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(TestTokens.handler("34-RSJ"))
                .contentType(ContentType.JSON).body(Map.of("text", RE_REVIEW)).post("/cases/" + id + "/reply")
                .then().statusCode(200));
        decision(id, "RE_REVIEW_REPLIED").statusCode(200).body("text", equalTo(RE_REVIEW)).body("unitCode", equalTo("34-RSJ"));
        decision(id, "FINAL").statusCode(200).body("text", equalTo(RE_REVIEW)).body("status", equalTo("FINAL"))
                .body("unitCode", equalTo("34-RSJ"));
        decision(id, "REVIEW_REPLIED").statusCode(200).body("text", equalTo(REVIEW));
        decision(id, "REPLIED").statusCode(200).body("text", equalTo(REPLY));
        // the petitioner's progress page shows the latest answer
        given().auth().oauth2(TestTokens.service()).get("/internal/cases/" + id + "/progress").then().statusCode(200)
                .body("reply", equalTo(RE_REVIEW));
    }

    @Test
    void theReasonAMatterWasNotAccepted() throws Exception {
        String id = UUID.randomUUID().toString();
        KafkaProbe.send("case.assigned", id, "gov.petition.case.assigned.v1", UUID.randomUUID(),
                PetitionerSideTest.assignedAs(id, 1, "341302-RSJ", "COUNTY", "INITIAL"));
        String reason = "该事项已进入诉讼程序，依法不予受理。";
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(TestTokens.handler("341302-RSJ"))
                .contentType(ContentType.JSON).body(Map.of("accepted", false, "reason", reason))
                .post("/cases/" + id + "/decision").then().statusCode(200).body("status", equalTo("NOT_ACCEPTED")));
        decision(id, "NOT_ACCEPTED").statusCode(200).body("text", equalTo(reason)).body("unitCode", equalTo("341302-RSJ"))
                .body("status", equalTo("NOT_ACCEPTED")).body("decidedAt", endsWith("+08:00"));
        absent(id, "REPLIED");
    }

    @Test
    void onlyTheServiceReadsItAndUnknownIsNotFound() throws Exception {
        String id = ReviewAssignmentTest.repliedCase("答复");
        // the unit's own handler, a supervisor, a clerk: not theirs to read here (the matrix: service only)
        for (String token : new String[] {TestTokens.handler("341302-RSJ"), TestTokens.supervisor("34"), TestTokens.clerk(),
                TestTokens.auditor()}) {
            given().auth().oauth2(token).queryParam("status", "REPLIED").get("/cases/" + id + "/written-decision")
                    .then().statusCode(403);
        }
        given().queryParam("status", "REPLIED").get("/cases/" + id + "/written-decision").then().statusCode(401);
        decision(UUID.randomUUID().toString(), "REPLIED").statusCode(404).contentType("application/problem+json");
        decision(id, "ACCEPTED").statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(TestTokens.service()).get("/cases/" + id + "/written-decision").then().statusCode(400)
                .contentType("application/problem+json");
        given().auth().oauth2(TestTokens.service()).queryParam("status", "REPLIED").get("/cases/not-a-uuid/written-decision")
                .then().statusCode(404);
    }
}

package gov.petitions.supervision;

import com.fasterxml.jackson.databind.JsonNode;
import gov.petitions.testing.Contracts;
import gov.petitions.testing.KafkaProbe;
import gov.petitions.testing.TestSecrets;
import gov.petitions.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Reply, evaluation, review one level up, re-review another level up, then final (终结). */
@QuarkusTest
@QuarkusTestResource(TestSecrets.class)
class PetitionerSideTest {

    private static KafkaProbe escalations;

    @BeforeAll
    static void open() {
        escalations = KafkaProbe.open("case.escalation-requested");
    }

    @AfterAll
    static void close() {
        escalations.close();
    }

    static String assignedAs(String id, int sequence, String unit, String level, String reason) throws Exception {
        return LedgerFlowTest.assigned(id, OffsetDateTime.now(ZoneOffset.UTC), sequence, unit)
                .replace("\"reason\":\"INITIAL\"", "\"reason\":\"" + reason + "\"")
                .replace("\"level\":\"COUNTY\",\"unit\"", "\"level\":\"" + level + "\",\"unit\"");
    }

    private static io.restassured.specification.RequestSpecification as(String token) {
        return given().auth().oauth2(token).contentType(ContentType.JSON);
    }

    private static void awaitStatus(String id, String status, String unit) {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                given().auth().oauth2(TestTokens.auditor()).get("/ledger/" + id).then().statusCode(200)
                        .body("status", equalTo(status)).body("unitCode", equalTo(unit)));
    }

    @Test
    void replyEvaluationReviewReReviewAndFinal() throws Exception {
        String id = UUID.randomUUID().toString();
        String service = TestTokens.service();
        KafkaProbe.send("case.assigned", id, "gov.petition.case.assigned.v1", UUID.randomUUID(),
                assignedAs(id, 1, "341302-RSJ", "COUNTY", "INITIAL"));
        awaitStatus(id, "ASSIGNED", "341302-RSJ");
        as(TestTokens.handler("341302-RSJ")).body(Map.of("accepted", true)).post("/cases/" + id + "/decision").then().statusCode(200);
        as(TestTokens.handler("341302-RSJ")).body(Map.of("text", "已协调用工单位支付一半工资。")).post("/cases/" + id + "/reply")
                .then().statusCode(200);

        as(service).get("/internal/cases/" + id + "/progress").then().statusCode(200)
                .body("status", equalTo("REPLIED")).body("reply", equalTo("已协调用工单位支付一半工资。"))
                .body("reviewPossibleUntil", notNullValue());
        as(TestTokens.clerk()).get("/internal/cases/" + id + "/progress").then().statusCode(403);
        as(service).body(Map.of("satisfied", false, "comment", "只支付了一半")).post("/internal/cases/" + id + "/evaluation")
                .then().statusCode(200).body("status", equalTo("EVALUATED")).body("satisfied", equalTo(false));

        // 复查: one level up from the unit that replied
        as(service).body(Map.of()).post("/internal/cases/" + id + "/review-request").then().statusCode(400);
        as(service).body(Map.of("reason", "对答复不满意")).post("/internal/cases/" + id + "/review-request")
                .then().statusCode(200).body("status", equalTo("REVIEW_REQUESTED"));
        JsonNode review = Contracts.assertValidRecord("case.escalation-requested", escalations.awaitKey(id, Duration.ofSeconds(20)));
        assertEquals("REVIEW_REQUESTED", review.get("reason").asText());
        KafkaProbe.send("case.assigned", id, "gov.petition.case.assigned.v1", UUID.randomUUID(),
                assignedAs(id, 2, "3413-RSJ", "CITY", "REVIEW"));
        awaitStatus(id, "REVIEW_REQUESTED", "3413-RSJ");
        as(TestTokens.handler("3413-RSJ")).body(Map.of("text", "复查意见：维持原答复，另责成补发工资。")).post("/cases/" + id + "/reply")
                .then().statusCode(200).body("status", equalTo("REVIEW_REPLIED"));

        // 复核: one level up from the reviewer; its answer makes the matter final
        as(service).body(Map.of("reason", "仍不满意")).post("/internal/cases/" + id + "/review-request")
                .then().statusCode(200).body("status", equalTo("RE_REVIEW_REQUESTED"));
        List<JsonNode> requests = escalations.await(r -> id.equals(r.key()), 2, Duration.ofSeconds(20)).stream()
                .map(r -> Contracts.assertValidRecord("case.escalation-requested", r)).toList();
        assertEquals("RE_REVIEW_REQUESTED", requests.get(1).get("reason").asText());
        assertEquals("3413-RSJ", requests.get(1).get("fromUnitCode").asText());
        KafkaProbe.send("case.assigned", id, "gov.petition.case.assigned.v1", UUID.randomUUID(),
                assignedAs(id, 3, "34-RSJ", "PROVINCE", "RE_REVIEW"));
        awaitStatus(id, "RE_REVIEW_REQUESTED", "34-RSJ");
        as(TestTokens.handler("34-RSJ")).body(Map.of("text", "复核意见：维持复查意见。")).post("/cases/" + id + "/reply")
                .then().statusCode(200).body("status", equalTo("FINAL"));

        as(service).body(Map.of("reason", "再次申请")).post("/internal/cases/" + id + "/review-request")
                .then().statusCode(409).contentType("application/problem+json").body("type", org.hamcrest.Matchers.endsWith("/final"));
        as(service).body(Map.of("satisfied", true)).post("/internal/cases/" + id + "/evaluation")
                .then().statusCode(200).body("status", equalTo("FINAL")).body("satisfied", equalTo(true));
        as(service).get("/internal/cases/" + id + "/progress").then().statusCode(200)
                .body("statusText", org.hamcrest.Matchers.containsString("终结"));
    }

    @Test
    void noReviewBeforeThereIsAReply() throws Exception {
        String id = UUID.randomUUID().toString();
        KafkaProbe.send("case.assigned", id, "gov.petition.case.assigned.v1", UUID.randomUUID(),
                assignedAs(id, 1, "341302-RSJ", "COUNTY", "INITIAL"));
        awaitStatus(id, "ASSIGNED", "341302-RSJ");
        as(TestTokens.service()).body(Map.of("reason", "too early")).post("/internal/cases/" + id + "/review-request")
                .then().statusCode(409).contentType("application/problem+json");
        as(TestTokens.service()).body(Map.of("satisfied", true)).post("/internal/cases/" + id + "/evaluation")
                .then().statusCode(409);
    }
}

package gov.petitions.supervision;

import com.fasterxml.jackson.databind.JsonNode;
import gov.petitions.testing.Contracts;
import gov.petitions.testing.KafkaProbe;
import gov.petitions.testing.TestSecrets;
import gov.petitions.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Bulk urging and bulk call-backs: each case checked and done on its own through the single-case services, a result
 * for each (a case the caller may not see reads exactly like one that does not exist), events for the cases done and
 * for no other, and a list too long refused as a whole.
 */
@QuarkusTest
@QuarkusTestResource(TestSecrets.class)
class BulkActionTest {

    private static KafkaProbe urged;

    @BeforeAll
    static void open() {
        urged = KafkaProbe.open("case.urged");
    }

    @AfterAll
    static void close() {
        urged.close();
    }

    private static Response bulk(String token, String path, Map<String, Object> body) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(body).post("/cases/bulk/" + path);
    }

    private static void reply(String id, String unit) {
        given().auth().oauth2(TestTokens.handler(unit)).contentType(ContentType.JSON).body(Map.of("accepted", true))
                .post("/cases/" + id + "/decision").then().statusCode(200);
        given().auth().oauth2(TestTokens.handler(unit)).contentType(ContentType.JSON).body(Map.of("text", "已依法答复"))
                .post("/cases/" + id + "/reply").then().statusCode(200).body("status", equalTo("REPLIED"));
    }

    @Test
    void eachCaseIsUrgedOnItsOwnWithAResultForEachAndEventsOnlyForTheDone() throws Exception {
        String category = CaseExportTest.category();
        String first = CaseExportTest.openCase(category, "341302", List.of(), "341302-RSJ", "COUNTY");
        String second = CaseExportTest.openCase(category, "341302", List.of(), "341302-RSJ", "COUNTY");
        // 萧县 accuses its own 人社局: 萧县's supervisor never sees it
        String recused = CaseExportTest.openCase(category, "341322", List.of("341322-RSJ"), "3413-RSJ", "CITY");
        String elsewhere = CaseExportTest.openCase(category, "341502", List.of(), "341502-RSJ", "COUNTY");
        String closed = CaseExportTest.openCase(category, "341302", List.of(), "341302-RSJ", "COUNTY");
        given().auth().oauth2(TestTokens.handler("341302-RSJ")).contentType(ContentType.JSON)
                .body(Map.of("accepted", false, "reason", "不属于信访受理范围")).post("/cases/" + closed + "/decision")
                .then().statusCode(200);
        String missing = UUID.randomUUID().toString();

        Response answer = bulk(TestTokens.supervisor("3413"), "urge", Map.of("reason", "请抓紧办理",
                "petitionIds", List.of(first, elsewhere, closed, missing, second, first)));
        answer.then().statusCode(200).body("requested", equalTo(6)).body("done", equalTo(2)).body("refused", equalTo(4));
        List<Map<String, Object>> results = answer.jsonPath().getList("results");
        assertEquals(List.of(first, elsewhere, closed, missing, second, first),
                results.stream().map(r -> r.get("petitionId")).toList(), "a result per case, in the order given");
        assertEquals(List.of("done", "refused", "refused", "refused", "done", "refused"),
                results.stream().map(r -> r.get("outcome")).toList());
        assertEquals("illegal-transition", results.get(2).get("reason"));
        assertEquals("duplicate", results.get(5).get("reason"));
        // a case in another city and one that does not exist: the same words, but for the id
        assertEquals("not-found", results.get(1).get("reason"));
        assertEquals("not-found", results.get(3).get("reason"));
        assertEquals(String.valueOf(results.get(1).get("detail")).replace(elsewhere, "?"),
                String.valueOf(results.get(3).get("detail")).replace(missing, "?"));

        // the recused county's supervisor: the accusation is "not found", their own case in 萧县 is urged
        String own = CaseExportTest.openCase(category, "341322", List.of(), "341322-RSJ", "COUNTY");
        bulk(TestTokens.supervisor("341322"), "urge", Map.of("reason", "请抓紧办理", "petitionIds", List.of(recused, own)))
                .then().statusCode(200).body("results[0].outcome", equalTo("refused"))
                .body("results[0].reason", equalTo("not-found")).body("results[1].outcome", equalTo("done"));

        // each case done is counted, in its timeline and told on case.urged, as a single urge would be
        for (String id : List.of(first, second, own)) {
            JsonNode event = Contracts.assertValidRecord("case.urged", urged.awaitKey(id, Duration.ofSeconds(20)));
            assertEquals(1, event.get("urgeCount").asInt());
            given().auth().oauth2(TestTokens.auditor()).get("/cases/" + id + "/leadership").then().statusCode(200)
                    .body("urgeCount", equalTo(1));
        }
        List<ConsumerRecord<String, String>> none = urged.settle(r -> List.of(elsewhere, closed, recused, missing)
                .contains(r.key()), Duration.ofSeconds(2));
        assertEquals(0, none.size(), "no case.urged for a case refused");
        for (String id : List.of(elsewhere, closed, recused)) {
            given().auth().oauth2(TestTokens.auditor()).get("/cases/" + id + "/leadership").then().statusCode(200)
                    .body("urgeCount", equalTo(0));
        }
    }

    @Test
    void eachCallBackIsRecordedOnItsOwnAndOnlyWhereTheStateAllowsIt() throws Exception {
        String category = CaseExportTest.category();
        String answered = CaseExportTest.openCase(category, "341302", List.of(), "341302-RSJ", "COUNTY");
        String alsoAnswered = CaseExportTest.openCase(category, "341302", List.of(), "341302-RSJ", "COUNTY");
        String open = CaseExportTest.openCase(category, "341302", List.of(), "341302-RSJ", "COUNTY");
        String elsewhere = CaseExportTest.openCase(category, "341502", List.of(), "341502-RSJ", "COUNTY");
        reply(answered, "341302-RSJ");
        reply(alsoAnswered, "341302-RSJ");
        reply(elsewhere, "341502-RSJ");

        Response answer = bulk(TestTokens.clerk("3413"), "call-backs", Map.of("reached", true,
                "satisfaction", "SATISFIED", "resolved", true, "comment", "电话回访，均表示满意",
                "petitionIds", List.of(answered, open, elsewhere, alsoAnswered)));
        answer.then().statusCode(200).body("done", equalTo(2)).body("refused", equalTo(2))
                .body("results.outcome", equalTo(List.of("done", "refused", "refused", "done")))
                .body("results[1].reason", equalTo("illegal-transition"))
                .body("results[2].reason", equalTo("not-found"));
        for (String id : List.of(answered, alsoAnswered)) {
            given().auth().oauth2(TestTokens.supervisor("3413")).get("/cases/" + id + "/call-backs").then().statusCode(200)
                    .body("status", equalTo("EVALUATED")).body("record.size()", equalTo(1))
                    .body("record[0].outcome", equalTo("CLOSED")).body("record[0].recordedByRole", equalTo("clerk"));
        }
        // nothing was recorded on the cases refused
        given().auth().oauth2(TestTokens.supervisor("3415")).get("/cases/" + elsewhere + "/call-backs").then()
                .statusCode(200).body("status", equalTo("REPLIED")).body("record.size()", equalTo(0));
        given().auth().oauth2(TestTokens.supervisor("3413")).get("/cases/" + open + "/call-backs").then()
                .statusCode(200).body("status", equalTo("ASSIGNED")).body("record.size()", equalTo(0));

        // done once: a second call on the same reply is refused with the reason, as a single call-back would be
        bulk(TestTokens.supervisor("3413"), "call-backs", Map.of("reached", false, "petitionIds", List.of(answered)))
                .then().statusCode(200).body("results[0].outcome", equalTo("refused"))
                .body("results[0].reason", equalTo("already-called-back"));
    }

    @Test
    void aListTooLongOrMalformedIsRefusedAsAWhole() {
        String supervisor = TestTokens.supervisor("3413");
        List<String> many = IntStream.range(0, 501).mapToObj(i -> UUID.randomUUID().toString()).toList();
        bulk(supervisor, "urge", Map.of("reason", "x", "petitionIds", many)).then().statusCode(400)
                .contentType("application/problem+json");
        List<String> tenThousand = IntStream.range(0, 10_000).mapToObj(i -> UUID.randomUUID().toString()).toList();
        int status = bulk(supervisor, "call-backs", Map.of("reached", false, "petitionIds", tenThousand))
                .then().contentType("application/problem+json").extract().statusCode();
        assertEquals(true, status == 400 || status == 413, "10,000 ids: " + status);
        bulk(supervisor, "urge", Map.of("reason", "x", "petitionIds", List.of())).then().statusCode(400)
                .contentType("application/problem+json");
        bulk(supervisor, "urge", Map.of("reason", "x", "petitionIds", List.of("not-a-uuid"))).then().statusCode(400)
                .contentType("application/problem+json");
        bulk(supervisor, "call-backs", Map.of("reached", true, "petitionIds", List.of(UUID.randomUUID().toString())))
                .then().statusCode(400).body("type", endsWith("/incomplete-call-back"));
        // roles and claims: a handler may not urge, a supervisor without a jurisdiction has no cases to act on
        bulk(TestTokens.handler("341302-RSJ"), "urge", Map.of("reason", "x", "petitionIds", List.of(UUID.randomUUID().toString())))
                .then().statusCode(403);
        bulk(TestTokens.token("supervisor-none", java.util.Set.of("supervisor"), null, null), "urge",
                Map.of("reason", "x", "petitionIds", List.of(UUID.randomUUID().toString())))
                .then().statusCode(403).contentType("application/problem+json").body("type", endsWith("/no-jurisdiction"));
    }
}

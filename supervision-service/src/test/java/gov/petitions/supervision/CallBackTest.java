package gov.petitions.supervision;

import com.fasterxml.jackson.databind.JsonNode;
import gov.petitions.testing.Contracts;
import gov.petitions.testing.KafkaProbe;
import gov.petitions.testing.MovableClock;
import gov.petitions.testing.TestSecrets;
import gov.petitions.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.Year;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 21, call-backs (回访): due 48 hours after the written reply, retried when nobody answers, and a poor outcome
 * (not satisfied, or not resolved in fact) reopens the case at the unit that replied once, then escalates it; the
 * petitioner's online evaluation goes into the same record; the figures separate closure from resolution.
 */
@QuarkusTest
@QuarkusTestResource(TestSecrets.class)
class CallBackTest {

    private static final String PLACE = "341302";
    /** A unit of this run's own, so that its lists hold only this run's cases (the test database keeps the rest). */
    private static final String UNIT = "341302-H" + java.util.UUID.randomUUID().toString().substring(0, 8).toUpperCase();
    private static KafkaProbe statusChanged;
    private static KafkaProbe escalations;

    @Inject
    MovableClock clock;

    @BeforeAll
    static void open() {
        statusChanged = KafkaProbe.open("case.status-changed");
        escalations = KafkaProbe.open("case.escalation-requested");
    }

    @AfterAll
    static void close() {
        statusChanged.close();
        escalations.close();
    }

    @AfterEach
    void realTime() {
        clock.reset();
    }

    /** A case of 埇桥区 handled by its 人社局 and answered in writing. */
    static String repliedCase(String location, List<String> accused, String unit, String level) throws Exception {
        String id = ScopeAndRecusalTest.openCase(location, accused, unit, level);
        handler(unit).body(Map.of("accepted", true)).post("/cases/" + id + "/decision").then().statusCode(200);
        reply(unit, id);
        return id;
    }

    private static void reply(String unit, String id) {
        handler(unit).body(Map.of("text", "经核查，已依法处理")).post("/cases/" + id + "/reply").then().statusCode(200)
                .body("status", equalTo("REPLIED"));
    }

    private static io.restassured.specification.RequestSpecification handler(String unit) {
        return given().auth().oauth2(TestTokens.handler(unit)).contentType(ContentType.JSON);
    }

    private static Response call(String token, String id, Map<String, Object> body) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(body).post("/cases/" + id + "/call-backs");
    }

    private static Map<String, Object> reached(String satisfaction, boolean resolved, String comment) {
        Map<String, Object> body = new HashMap<>();
        body.put("reached", true);
        body.put("satisfaction", satisfaction);
        body.put("resolved", resolved);
        if (comment != null) {
            body.put("comment", comment);
        }
        return body;
    }

    private static final Map<String, Object> NOT_REACHED = Map.of("reached", false, "comment", "无人接听");

    private static ValidatableResponse queue(String token, String state) {
        return given().auth().oauth2(token).queryParam("state", state).queryParam("size", 200).get("/call-backs").then();
    }

    /** Every page of a list (the test database keeps the cases of earlier runs). */
    private static List<Map<String, Object>> all(String token, String path, Map<String, Object> query) {
        List<Map<String, Object>> items = new java.util.ArrayList<>();
        for (int page = 0; ; page++) {
            io.restassured.path.json.JsonPath json = given().auth().oauth2(token).queryParams(query)
                    .queryParam("size", 200).queryParam("page", page).get(path).then().statusCode(200).extract().jsonPath();
            List<Map<String, Object>> found = json.getList("items");
            items.addAll(found);
            if (found.size() < 200) {
                return items;
            }
        }
    }

    private static List<Map<String, Object>> tasks(String token, String state) {
        return all(token, "/call-backs", Map.of("state", state));
    }

    private static boolean listed(String token, String state, String id) {
        return tasks(token, state).stream().anyMatch(t -> id.equals(t.get("petitionId")));
    }

    private static Map<String, Object> task(String token, String id) {
        return tasks(token, "due").stream().filter(t -> id.equals(t.get("petitionId"))).findFirst().orElse(null);
    }

    private static OffsetDateTime time(Object value) {
        return OffsetDateTime.parse(value.toString());
    }

    @Test
    void dueFortyEightHoursAfterTheReplyRetriedWhenNobodyAnswersAndClosedForGoodWhenSatisfied() throws Exception {
        String id = repliedCase(PLACE, List.of(), UNIT, "COUNTY");
        String supervisor = TestTokens.supervisor("3413");
        OffsetDateTime replied = time(given().auth().oauth2(supervisor).get("/ledger/" + id).then().extract().path("repliedAt"));

        Map<String, Object> due = task(supervisor, id);
        assertEquals(replied.plusHours(48).toInstant(), time(due.get("dueAt")).toInstant());
        assertEquals(false, due.get("overdue"));
        assertEquals(0, due.get("tries"));
        assertTrue(due.get("dueAt").toString().endsWith("+08:00"), "China's time: " + due.get("dueAt"));
        // least time left first
        List<Object> dues = tasks(supervisor, "due").stream().map(t -> t.get("dueAt")).toList();
        for (int i = 1; i < dues.size(); i++) {
            assertFalse(time(dues.get(i)).isBefore(time(dues.get(i - 1))), "sorted by time left: " + dues);
        }
        // a handler sees their unit's call-backs, another unit's handler does not
        assertTrue(listed(TestTokens.handler(UNIT), "due", id));
        assertFalse(listed(TestTokens.handler("341302-JYJ"), "due", id));

        clock.advance(Duration.ofHours(49));
        assertEquals(true, task(supervisor, id).get("overdue"), "not called back 49 hours after the reply");

        // nobody answers: another try in 4 hours, told on case.status-changed with the time of the next try
        OffsetDateTime before = OffsetDateTime.now(clock);
        String retryAt = call(TestTokens.clerk("3413"), id, NOT_REACHED).then().statusCode(200)
                .body("callBack.outcome", equalTo("RETRY")).body("callBack.attempt", equalTo(1))
                .body("status", equalTo("REPLIED")).extract().path("nextCallDueAt");
        assertTrue(Duration.between(before.plusHours(4), time(retryAt)).abs().toSeconds() < 60, retryAt);
        Map<String, Object> retry = task(supervisor, id);
        assertEquals(time(retryAt).toInstant(), time(retry.get("dueAt")).toInstant());
        assertEquals(false, retry.get("overdue"));
        assertEquals(1, retry.get("tries"));
        JsonNode notReached = Contracts.assertValidRecord("case.status-changed", statusChanged.await(
                r -> id.equals(r.key()) && r.value().contains("not reached"), 1, Duration.ofSeconds(20)).get(0));
        assertEquals("REPLIED", notReached.get("toStatus").asText());
        assertEquals("clerk", notReached.get("actorRole").asText());
        assertEquals(time(retryAt).toInstant(), time(notReached.get("dueAt").asText()).toInstant());
        assertFalse(notReached.toString().contains("无人接听"), "the call's comment stays in the record: " + notReached);

        // reached, satisfied and resolved: closed for good, and gone from the queue
        call(supervisor, id, reached("SATISFIED", true, "表示满意，问题已解决")).then().statusCode(200)
                .body("callBack.outcome", equalTo("CLOSED")).body("status", equalTo("EVALUATED"))
                .body("nextCallDueAt", nullValue());
        assertEquals(null, task(supervisor, id));
        assertTrue(listed(supervisor, "done", id));
        call(supervisor, id, reached("SATISFIED", true, null)).then().statusCode(409)
                .contentType("application/problem+json").body("type", endsWith("/already-called-back"));
        given().auth().oauth2(TestTokens.handler(UNIT)).get("/ledger/" + id).then().statusCode(200)
                .body("timeline.reason", hasItem(containsString("call-back (回访): satisfied (满意)")));
        given().auth().oauth2(TestTokens.handler(UNIT)).get("/cases/" + id + "/call-backs").then().statusCode(200)
                .body("record.outcome", equalTo(List.of("RETRY", "CLOSED")))
                .body("record[1].comment", equalTo("表示满意，问题已解决"));
    }

    @Test
    void aPoorOutcomeReopensTheCaseAtTheSameUnitOnceThenEscalates() throws Exception {
        String year = String.valueOf(Year.now(ZoneId.of("Asia/Shanghai")).getValue());
        Map<String, Object> figuresBefore = figures(year);
        int listedBefore = closedNotResolved(TestTokens.supervisor("3413"), year).size();

        String id = repliedCase(PLACE, List.of(), UNIT, "COUNTY");
        String supervisor = TestTokens.supervisor("3413");
        OffsetDateTime before = OffsetDateTime.now(clock);
        call(supervisor, id, reached("NOT_SATISFIED", false, "问题没有解决")).then().statusCode(200)
                .body("callBack.outcome", equalTo("REOPENED")).body("status", equalTo("ACCEPTED"))
                .body("unitCode", equalTo(UNIT));
        // the same unit handles it again, on a fresh statutory handling clock
        String handlingDue = given().auth().oauth2(supervisor).get("/ledger/" + id).then().statusCode(200)
                .body("status", equalTo("ACCEPTED")).body("unitCode", equalTo(UNIT)).extract().path("handlingDueAt");
        assertTrue(Duration.between(before.plusDays(60), time(handlingDue)).abs().toMinutes() < 5, handlingDue);
        JsonNode reopened = Contracts.assertValidRecord("case.status-changed", statusChanged.await(
                r -> id.equals(r.key()) && r.value().contains("reopened at"),
                1, Duration.ofSeconds(20)).get(0));
        assertEquals("REPLIED", reopened.get("fromStatus").asText());
        assertEquals("supervisor", reopened.get("actorRole").asText());
        assertEquals(time(handlingDue).toInstant(), time(reopened.get("dueAt").asText()).toInstant());
        assertEquals(null, task(supervisor, id), "reopened: nothing to call back until the next reply");

        // answered again, and again not resolved in fact: a level up, asked of routing on the broker
        reply(UNIT, id);
        call(supervisor, id, reached("BASICALLY_SATISFIED", false, null)).then().statusCode(200)
                .body("callBack.outcome", equalTo("ESCALATED")).body("status", equalTo("ESCALATED"));
        JsonNode escalation = Contracts.assertValidRecord("case.escalation-requested",
                escalations.awaitKey(id, Duration.ofSeconds(20)));
        assertEquals("CANNOT_RESOLVE", escalation.get("reason").asText());
        assertEquals(UNIT, escalation.get("fromUnitCode").asText());
        assertEquals("COUNTY", escalation.get("fromLevel").asText());

        // closure is not resolution: one more case called back, none of it resolved in fact
        Map<String, Object> figuresAfter = figures(year);
        assertEquals(1, delta(figuresBefore, figuresAfter, "calledBack"));
        assertEquals(0, delta(figuresBefore, figuresAfter, "resolvedInFact"));
        assertEquals(1, delta(figuresBefore, figuresAfter, "closed"));
        assertEquals(1, delta(figuresBefore, figuresAfter, "accepted"));
        assertEquals(1, delta(figuresBefore, figuresAfter, "reopened"));
        assertEquals(1, delta(figuresBefore, figuresAfter, "escalated"));
        assertEquals(1, delta(figuresBefore, figuresAfter, "closedNotResolved"));
        assertEquals(1, delta(figuresBefore, figuresAfter, "basicallySatisfied"));
        List<Map<String, Object>> listed = closedNotResolved(TestTokens.supervisor("3413"), year);
        assertEquals(listedBefore + 1, listed.size());
        Map<String, Object> mine = listed.stream().filter(c -> id.equals(c.get("petitionId"))).findFirst().orElseThrow();
        assertEquals("ESCALATED", mine.get("status"));
        assertEquals("ESCALATED", mine.get("outcome"));
        assertEquals(UNIT, mine.get("unitCode"));
        assertTrue(closedNotResolved(TestTokens.handler(UNIT), year).stream().anyMatch(c -> id.equals(c.get("petitionId"))));
        assertFalse(closedNotResolved(TestTokens.supervisor("3415"), year).stream().anyMatch(c -> id.equals(c.get("petitionId"))));
        assertFalse(closedNotResolved(TestTokens.handler("341302-JYJ"), year).stream().anyMatch(c -> id.equals(c.get("petitionId"))));
    }

    /** Resolved of called back, on the figures of the same year: a resolved case moves the rate's numerator. */
    @Test
    void theResolutionRateCountsResolvedInFactOfThoseCalledBack() throws Exception {
        String year = String.valueOf(Year.now(ZoneId.of("Asia/Shanghai")).getValue());
        Map<String, Object> before = figures(year);
        String resolved = repliedCase(PLACE, List.of(), UNIT, "COUNTY");
        String unresolved = repliedCase(PLACE, List.of(), UNIT, "COUNTY");
        repliedCase(PLACE, List.of(), UNIT, "COUNTY"); // closed, never called back
        call(TestTokens.supervisor("3413"), resolved, reached("BASICALLY_SATISFIED", true, null)).then().statusCode(200);
        call(TestTokens.supervisor("3413"), unresolved, reached("SATISFIED", false, null)).then().statusCode(200)
                .body("status", equalTo("ACCEPTED"));
        Map<String, Object> after = figures(year);
        assertEquals(3, delta(before, after, "closed"));
        assertEquals(2, delta(before, after, "calledBack"));
        assertEquals(1, delta(before, after, "resolvedInFact"));
        // the whole jurisdiction's rate is resolved ÷ called back, apart from the closure rate
        long calledBack = ((Number) after.get("calledBack")).longValue();
        long resolvedInFact = ((Number) after.get("resolvedInFact")).longValue();
        assertEquals(percent(resolvedInFact, calledBack), ((Number) after.get("resolutionRatePercent")).doubleValue(), 0.001);
        long closed = ((Number) after.get("closed")).longValue();
        long accepted = ((Number) after.get("accepted")).longValue();
        assertEquals(percent(closed, accepted), ((Number) after.get("closureRatePercent")).doubleValue(), 0.001);
    }

    @Test
    void afterTheLastTryTheCallBackIsGivenUpAsUnreachable() throws Exception {
        String id = repliedCase(PLACE, List.of(), UNIT, "COUNTY");
        String clerk = TestTokens.clerk("3413");
        call(clerk, id, NOT_REACHED).then().statusCode(200).body("callBack.outcome", equalTo("RETRY"));
        call(clerk, id, NOT_REACHED).then().statusCode(200).body("callBack.outcome", equalTo("RETRY"));
        call(clerk, id, NOT_REACHED).then().statusCode(200).body("callBack.outcome", equalTo("UNREACHABLE"))
                .body("callBack.retryAt", nullValue()).body("nextCallDueAt", nullValue());
        assertEquals(null, task(clerk, id));
        assertTrue(listed(clerk, "unreachable", id));
        call(clerk, id, NOT_REACHED).then().statusCode(409).body("type", endsWith("/already-called-back"));
    }

    @Test
    void thePetitionersOwnEvaluationGoesIntoTheSameRecordAndTheCallBackStillFollows() throws Exception {
        String id = repliedCase(PLACE, List.of(), UNIT, "COUNTY");
        given().auth().oauth2(TestTokens.service()).contentType(ContentType.JSON)
                .body(Map.of("satisfied", false, "comment", "答复没有说清楚")).post("/internal/cases/" + id + "/evaluation")
                .then().statusCode(200).body("status", equalTo("EVALUATED"));
        given().auth().oauth2(TestTokens.supervisor("3413")).get("/cases/" + id + "/call-backs").then().statusCode(200)
                .body("record[0].source", equalTo("PETITIONER")).body("record[0].satisfaction", equalTo("NOT_SATISFIED"))
                .body("record[0].resolved", nullValue()).body("record[0].outcome", equalTo("RECORDED"))
                .body("record[0].comment", equalTo("答复没有说清楚")).body("nextCallDueAt", not(nullValue()));
        Map<String, Object> due = task(TestTokens.supervisor("3413"), id);
        assertEquals("NOT_SATISFIED", due.get("petitionerSatisfaction"));
        // the bureau's call then decides: here satisfied after all, and resolved
        call(TestTokens.supervisor("3413"), id, reached("SATISFIED", true, null)).then().statusCode(200)
                .body("callBack.outcome", equalTo("CLOSED")).body("status", equalTo("EVALUATED"));
    }

    @Test
    void onlyTheJurisdictionsBureauCallsBackAndTheAccusedNeverSeesIt() throws Exception {
        // 萧县 accuses its own 人社局: the city's 人社局 handles it; 萧县's bureau is inside the recusal set
        String id = repliedCase("341322", List.of("341322-RSJ"), "3413-RSJ", "CITY");
        for (String outsider : List.of(TestTokens.supervisor("341322"), TestTokens.clerk("341322"),
                TestTokens.supervisor("3415"), TestTokens.clerk("3415"))) {
            call(outsider, id, reached("SATISFIED", true, null)).then().statusCode(404)
                    .contentType("application/problem+json");
            given().auth().oauth2(outsider).get("/cases/" + id + "/call-backs").then().statusCode(404);
            assertFalse(listed(outsider, "due", id));
        }
        assertFalse(listed(TestTokens.handler("341322-RSJ"), "due", id), "the accused unit never sees it");
        // a handler reads, but does not record the bureau's call; a leader neither
        call(TestTokens.handler("3413-RSJ"), id, reached("SATISFIED", true, null)).then().statusCode(403);
        call(TestTokens.leader("3413"), id, reached("SATISFIED", true, null)).then().statusCode(403);
        // no jurisdiction on the token: refused, never "everything"
        queue(TestTokens.token("clerk-nowhere", java.util.Set.of("clerk"), null, null), "due").statusCode(403)
                .contentType("application/problem+json");
        // nothing changed on the case
        assertTrue(task(TestTokens.supervisor("3413"), id) != null);
        call(TestTokens.clerk("3413"), id, reached("SATISFIED", true, null)).then().statusCode(200)
                .body("callBack.outcome", equalTo("CLOSED"));
    }

    @Test
    void badInputIsAProblemAndAnIllegalMoveOneConflict() throws Exception {
        String id = repliedCase(PLACE, List.of(), UNIT, "COUNTY");
        String supervisor = TestTokens.supervisor("3413");
        List<Map<String, Object>> bad = List.of(
                Map.of(),
                Map.of("reached", true),
                Map.of("reached", true, "satisfaction", "SATISFIED"),
                Map.of("reached", false, "satisfaction", "SATISFIED"),
                Map.of("reached", false, "resolved", true),
                Map.of("reached", true, "satisfaction", "GREAT", "resolved", true),
                Map.of("reached", true, "satisfaction", "SATISFIED", "resolved", true, "comment", "<script>alert(1)</script>"),
                Map.of("reached", true, "satisfaction", "SATISFIED", "resolved", true, "comment", "x".repeat(501)),
                Map.of("reached", true, "satisfaction", "SATISFIED", "resolved", true, "comment", "bell\u0007"));
        for (Map<String, Object> body : bad) {
            call(supervisor, id, body).then().statusCode(400).contentType("application/problem+json");
        }
        given().auth().oauth2(supervisor).contentType(ContentType.JSON).body("{\"reached\": \"maybe\"}")
                .post("/cases/" + id + "/call-backs").then().statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(supervisor).queryParam("state", "whenever").get("/call-backs").then().statusCode(400)
                .contentType("application/problem+json");
        given().auth().oauth2(supervisor).queryParam("period", "week").get("/statistics/call-backs").then().statusCode(400)
                .contentType("application/problem+json");
        given().auth().oauth2(supervisor).queryParam("period", "year").queryParam("size", 0)
                .get("/statistics/closed-not-resolved").then().statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(supervisor).get("/cases/not-a-uuid/call-backs").then().statusCode(404);
        // nothing was recorded by any of it
        assertEquals(0, task(supervisor, id).get("tries"));

        // before the reply there is nothing to call back: the one 409 of the move, naming the state
        String open = ScopeAndRecusalTest.openCase(PLACE, List.of(), UNIT, "COUNTY");
        call(supervisor, open, reached("SATISFIED", true, null)).then().statusCode(409)
                .contentType("application/problem+json").body("type", endsWith("/illegal-transition"))
                .body("detail", containsString("The case is ASSIGNED"));
    }

    private static Map<String, Object> figures(String year) {
        return given().auth().oauth2(TestTokens.supervisor("3413")).queryParam("period", "year").queryParam("date", year)
                .queryParam("jurisdiction", PLACE).get("/statistics/call-backs").then().statusCode(200)
                .extract().jsonPath().getMap("");
    }

    private static double percent(long part, long whole) {
        return java.math.BigDecimal.valueOf(part * 100).divide(java.math.BigDecimal.valueOf(whole), 2,
                java.math.RoundingMode.HALF_UP).doubleValue();
    }

    private static long delta(Map<String, Object> before, Map<String, Object> after, String field) {
        return ((Number) after.get(field)).longValue() - ((Number) before.get(field)).longValue();
    }

    private static List<Map<String, Object>> closedNotResolved(String token, String year) {
        return all(token, "/statistics/closed-not-resolved", Map.of("period", "year", "date", year));
    }
}

package gov.petitions.supervision;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import gov.petitions.testing.Contracts;
import gov.petitions.testing.KafkaProbe;
import gov.petitions.testing.TestSecrets;
import gov.petitions.testing.TestTokens;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Urgency (特急 / 急 / 一般): a case enters the ledger at its category's level (the test profile's rules:
 * urgency-special → URGENT_SPECIAL, urgency-urgent → URGENT) with that level's clocks (defaults: 特急 3 / 15 days warned
 * a day before, 急 7 / 30 days warned 2 days before, 一般 the statutory 15 / 60 warned 3 days before); a supervisor sets
 * another level with a reason, the running clock is counted again from where it started and case.urgency-changed
 * tells it; the queue puts the least time left first.
 */
@QuarkusTest
@QuarkusTestResource(TestSecrets.class)
class UrgencyTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String UNIT = "341302-RSJ";
    private static KafkaProbe changed;

    @BeforeAll
    static void open() {
        changed = KafkaProbe.open("case.urgency-changed");
    }

    @AfterAll
    static void close() {
        changed.close();
    }

    /** A walk-in of 埇桥区 (341302) in the category, registered now and assigned to its 人社局; returns its id. */
    static String assignedCase(String category, OffsetDateTime registeredAt) throws Exception {
        String id = UUID.randomUUID().toString();
        KafkaProbe.send("petition.registered", id, "gov.petition.petition.registered.v1", UUID.randomUUID(),
                withCategory("petition.registered", LedgerFlowTest.registered(id, registeredAt), category));
        KafkaProbe.send("case.assigned", id, "gov.petition.case.assigned.v1", UUID.randomUUID(),
                withCategory("case.assigned", LedgerFlowTest.assigned(id, registeredAt, 1, UNIT), category));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(TestTokens.supervisor("3413"))
                .get("/ledger/" + id).then().statusCode(200).body("status", equalTo("ASSIGNED"))
                .body("personCount", equalTo(4)).body("categoryCode", equalTo(category)));
        return id;
    }

    private static String withCategory(String event, String json, String category) throws Exception {
        ObjectNode data = (ObjectNode) JSON.readTree(json);
        data.put("categoryCode", category);
        String changed = JSON.writeValueAsString(data);
        Contracts.assertValid(event, changed);
        return changed;
    }

    private static Response setUrgency(String token, String id, Object body) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(body).put("/cases/" + id + "/urgency");
    }

    private static OffsetDateTime ledgerTime(String id, String field) {
        String value = given().auth().oauth2(TestTokens.auditor()).get("/ledger/" + id).then().statusCode(200)
                .extract().path(field);
        return value == null ? null : OffsetDateTime.parse(value);
    }

    /** The case's running (not stopped) clock of the kind, as the deadline scanner will read it. */
    private static Deadline running(String id, Deadline.Clock kind) {
        return QuarkusTransaction.requiringNew().call(() -> Deadline.<Deadline>find(
                "petitionId = ?1 and clock = ?2 and stoppedAt is null", UUID.fromString(id), kind).singleResult());
    }

    private static void assertSameInstant(OffsetDateTime expected, OffsetDateTime actual, String what) {
        assertEquals(expected.toInstant(), actual.toInstant(), what);
    }

    @Test
    void aCaseEntersTheLedgerAtItsCategorysLevelWithThatLevelsClocks() throws Exception {
        OffsetDateTime registeredAt = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MILLIS);
        String special = assignedCase("urgency-special", registeredAt);
        String urgent = assignedCase("urgency-urgent", registeredAt);
        String normal = assignedCase("urgency-none", registeredAt);

        given().auth().oauth2(TestTokens.handler(UNIT)).get("/ledger/" + special).then().statusCode(200)
                .body("urgency", equalTo("URGENT_SPECIAL")).body("urgencySource", equalTo("RULE"))
                .body("timeline.reason", hasItem(containsString("by the rule for category urgency-special")));
        assertSameInstant(registeredAt.plusDays(3), ledgerTime(special, "acceptanceDueAt"), "特急: 3 days to accept");
        Deadline clock = running(special, Deadline.Clock.ACCEPTANCE);
        assertSameInstant(registeredAt.plusDays(3), clock.dueAt, "the scanner's clock is the level's");
        assertSameInstant(registeredAt.plusDays(2), clock.warnAt, "特急 is warned a day before");

        assertSameInstant(registeredAt.plusDays(7), ledgerTime(urgent, "acceptanceDueAt"), "急: 7 days to accept");
        assertSameInstant(registeredAt.plusDays(5), running(urgent, Deadline.Clock.ACCEPTANCE).warnAt, "急: warned 2 days before");

        // a category without a rule: the statutory clocks, as before urgency existed
        given().auth().oauth2(TestTokens.handler(UNIT)).get("/ledger/" + normal).then()
                .body("urgency", equalTo("NORMAL")).body("urgencySource", equalTo("RULE"));
        assertSameInstant(registeredAt.plusDays(15), ledgerTime(normal, "acceptanceDueAt"), "一般: the statutory 15 days");
        assertSameInstant(registeredAt.plusDays(12), running(normal, Deadline.Clock.ACCEPTANCE).warnAt, "一般: 3 days before");

        // accepted: the handling clock is the level's too
        given().auth().oauth2(TestTokens.handler(UNIT)).contentType(ContentType.JSON).body(Map.of("accepted", true))
                .post("/cases/" + special + "/decision").then().statusCode(200).body("urgency", equalTo("URGENT_SPECIAL"));
        OffsetDateTime handlingDue = ledgerTime(special, "handlingDueAt");
        Deadline handling = running(special, Deadline.Clock.HANDLING);
        assertSameInstant(handlingDue, handling.dueAt, "the handling clock");
        assertSameInstant(handlingDue.minusDays(1), handling.warnAt, "特急: warned a day before");
        assertTrue(Duration.between(OffsetDateTime.now(), handlingDue).compareTo(Duration.ofDays(15)) <= 0
                && Duration.between(OffsetDateTime.now(), handlingDue).compareTo(Duration.ofDays(14)) > 0,
                "特急: 15 days to handle from acceptance, not 60: " + handlingDue);
    }

    @Test
    void aSupervisorSetsTheUrgencyTheRunningClockIsCountedAgainAndCaseUrgencyChangedTellsIt() throws Exception {
        OffsetDateTime registeredAt = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MILLIS);
        String id = assignedCase("urgency-none", registeredAt);

        // 3 days from receipt, not from now: the clock is counted again from where it started; phone numbers never
        // reach the event
        setUrgency(TestTokens.supervisor("3413"), id, Map.of("urgency", "URGENT_SPECIAL",
                "reason", "群体性欠薪，春节前优先办理。联系电话13812345678"))
                .then().statusCode(200).body("urgency", equalTo("URGENT_SPECIAL")).body("urgencySource", equalTo("SUPERVISOR"));
        OffsetDateTime due = ledgerTime(id, "acceptanceDueAt");
        assertSameInstant(registeredAt.plusDays(3), due, "特急: 3 days from receipt");
        Deadline clock = running(id, Deadline.Clock.ACCEPTANCE);
        assertSameInstant(due, clock.dueAt, "the scanner's clock moved with it");
        assertSameInstant(due.minusDays(1), clock.warnAt, "and is warned as 特急 is");

        JsonNode event = Contracts.assertValidRecord("case.urgency-changed", changed.awaitKey(id, Duration.ofSeconds(20)));
        assertEquals(id, event.get("petitionId").asText());
        assertEquals("URGENT_SPECIAL", event.get("urgency").asText());
        assertEquals("NORMAL", event.get("previousUrgency").asText());
        assertEquals(UNIT, event.get("unitCode").asText());
        assertEquals("COUNTY", event.get("level").asText());
        assertEquals("supervisor", event.get("changedByRole").asText());
        assertEquals("CITY", event.get("changedByLevel").asText());
        assertEquals("3413", event.get("changedByJurisdiction").asText());
        assertEquals("ACCEPTANCE", event.get("clock").asText());
        assertSameInstant(due, OffsetDateTime.parse(event.get("dueAt").asText()), "the event's due date");
        assertTrue(event.get("changedAt").asText().endsWith("+08:00"), "China's time: " + event.get("changedAt"));
        assertFalse(event.toString().contains("13812345678"), "no phone number in the event: " + event);
        assertFalse(event.toString().contains("supervisor-"), "the supervisor by office, never by account name: " + event);

        given().auth().oauth2(TestTokens.handler(UNIT)).get("/ledger/" + id).then()
                .body("timeline.find { it.reason.contains('urgency 特急') }.actorRole", equalTo("supervisor"))
                .body("timeline.find { it.reason.contains('urgency 特急') }.reason", containsString("was 一般 (NORMAL)"));

        // accepted and extended by 10 days: the handling clock follows each level from acceptance, the extension kept
        given().auth().oauth2(TestTokens.handler(UNIT)).contentType(ContentType.JSON).body(Map.of("accepted", true))
                .post("/cases/" + id + "/decision").then().statusCode(200);
        OffsetDateTime acceptedAt = ledgerTime(id, "handlingDueAt").minusDays(15);
        given().auth().oauth2(TestTokens.handler(UNIT)).contentType(ContentType.JSON)
                .body(Map.of("days", 10, "reason", "需要现场调查")).post("/cases/" + id + "/extension").then().statusCode(200);
        assertSameInstant(acceptedAt.plusDays(25), ledgerTime(id, "handlingDueAt"), "特急 15 days + 10 extended");

        setUrgency(TestTokens.supervisor("34"), id, Map.of("urgency", "URGENT", "reason", "已稳控，按急件办理"))
                .then().statusCode(200).body("status", equalTo("EXTENDED"));
        assertSameInstant(acceptedAt.plusDays(40), ledgerTime(id, "handlingDueAt"), "急 30 days + 10 extended");
        setUrgency(TestTokens.supervisor("34"), id, Map.of("urgency", "NORMAL", "reason", "按一般件办理"))
                .then().statusCode(200);
        OffsetDateTime normalDue = ledgerTime(id, "handlingDueAt");
        assertSameInstant(acceptedAt.plusDays(70), normalDue, "never beyond the statutory 60 days (+ the extension)");
        Deadline handling = running(id, Deadline.Clock.HANDLING);
        assertSameInstant(normalDue, handling.dueAt, "the scanner's clock");
        assertSameInstant(normalDue.minusDays(3), handling.warnAt, "一般: warned 3 days before");
        assertNull(running(id, Deadline.Clock.HANDLING).warnedAt, "not warned yet");

        List<JsonNode> all = changed.await(r -> id.equals(r.key()), 3, Duration.ofSeconds(20)).stream()
                .map(r -> Contracts.assertValidRecord("case.urgency-changed", r)).toList();
        assertEquals("HANDLING", all.get(2).get("clock").asText());
        assertEquals("URGENT", all.get(2).get("previousUrgency").asText());
        assertEquals("PROVINCE", all.get(2).get("changedByLevel").asText());
        assertSameInstant(normalDue, OffsetDateTime.parse(all.get(2).get("dueAt").asText()), "the third event's due date");
    }

    @Test
    void badInputOtherScopesAndClosedCasesAreRefusedAndTellNothing() throws Exception {
        String id = assignedCase("urgency-none", OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MILLIS));
        String supervisor = TestTokens.supervisor("3413");

        setUrgency(supervisor, id, Map.of("urgency", "VERY_URGENT", "reason", "x")).then().statusCode(400)
                .contentType("application/problem+json").body(containsString("URGENT_SPECIAL"));
        setUrgency(supervisor, id, Map.of("urgency", "URGENT")).then().statusCode(400)
                .contentType("application/problem+json");
        setUrgency(supervisor, id, Map.of("urgency", "URGENT", "reason", "  ")).then().statusCode(400)
                .contentType("application/problem+json");
        setUrgency(supervisor, id, "{\"urgency\":\"URGENT\",\"reason\":\"x\",\"dueAt\":\"2020-01-01T00:00:00Z\"}")
                .then().statusCode(400).contentType("application/problem+json");
        // the handler of the unit is no supervisor: the role is refused before the case is looked at
        setUrgency(TestTokens.handler(UNIT), id, Map.of("urgency", "URGENT", "reason", "x")).then().statusCode(403);
        // another city's supervisor, or one without a jurisdiction: no such case for them
        setUrgency(TestTokens.supervisor("3401"), id, Map.of("urgency", "URGENT", "reason", "x")).then().statusCode(404)
                .contentType("application/problem+json");
        setUrgency(TestTokens.token("supervisor-none", java.util.Set.of("supervisor"), null, null), id,
                Map.of("urgency", "URGENT", "reason", "x")).then().statusCode(404);

        // a closed case has no clock to count again: one clear 409 naming the state
        given().auth().oauth2(TestTokens.handler(UNIT)).contentType(ContentType.JSON)
                .body(Map.of("accepted", false, "reason", "不属于信访受理范围")).post("/cases/" + id + "/decision")
                .then().statusCode(200);
        setUrgency(supervisor, id, Map.of("urgency", "URGENT", "reason", "x")).then().statusCode(409)
                .contentType("application/problem+json").body("type", endsWith("/illegal-transition"))
                .body("detail", containsString("The case is NOT_ACCEPTED"));

        given().auth().oauth2(TestTokens.auditor()).get("/ledger/" + id).then().body("urgency", equalTo("NORMAL"))
                .body("urgencySource", equalTo("RULE"));
        assertEquals(0, changed.settle(r -> id.equals(r.key()), Duration.ofSeconds(2)).size(),
                "no case.urgency-changed for a refused change");
    }

    @Test
    void theAccusedCountysSupervisorNeverReachesTheCase() throws Exception {
        // 萧县 accuses its own 人社局, so the case went to the city's: 萧县's bureau is recused, and learns nothing
        String id = ScopeAndRecusalTest.openCase("341322", List.of("341322-RSJ"), "3413-RSJ", "CITY");
        setUrgency(TestTokens.supervisor("341322"), id, Map.of("urgency", "URGENT_SPECIAL", "reason", "x"))
                .then().statusCode(404).contentType("application/problem+json");
        setUrgency(TestTokens.supervisor("3413"), id, Map.of("urgency", "URGENT_SPECIAL", "reason", "市级督办"))
                .then().statusCode(200).body("urgency", equalTo("URGENT_SPECIAL"));
        assertEquals(1, changed.settle(r -> id.equals(r.key()), Duration.ofSeconds(3)).size(),
                "only the city's change is told");
    }

    @Test
    void theQueuePutsTheLeastTimeLeftFirstAndShowsTheUrgency() throws Exception {
        String category = "urgency-q-" + UUID.randomUUID().toString().substring(0, 8);
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MILLIS);
        // all 一般 at first: 2, 14 and 15 days left of the 15
        String older = assignedCase(category, now.minusDays(13));
        String newer = assignedCase(category, now.minusDays(1));
        String newest = assignedCase(category, now);
        assertEquals(List.of(older, newer, newest), queue(Map.of("category", category)));

        setUrgency(TestTokens.supervisor("3413"), newest, Map.of("urgency", "URGENT_SPECIAL", "reason", "特急件"))
                .then().statusCode(200);
        setUrgency(TestTokens.supervisor("3413"), newer, Map.of("urgency", "URGENT", "reason", "急件"))
                .then().statusCode(200);
        // time left: older 2 days (一般), newest 3 (特急), newer 6 (急, 7 from a day ago): time left orders the queue,
        // not the level
        Response byTimeLeft = given().auth().oauth2(TestTokens.handler(UNIT)).queryParam("category", category)
                .get("/cases/queue");
        byTimeLeft.then().statusCode(200).body("total", equalTo(3));
        assertEquals(List.of(older, newest, newer), byTimeLeft.jsonPath().getList("items.petitionId"));
        assertEquals(List.of("NORMAL", "URGENT_SPECIAL", "URGENT"), byTimeLeft.jsonPath().getList("items.urgency"));
        // sort=urgency: the level first, then time left
        assertEquals(List.of(newest, newer, older), queue(Map.of("category", category, "sort", "urgency")));
        assertEquals(List.of(newer), queue(Map.of("category", category, "urgency", "URGENT")));

        // back to 一般: 15 days left again, last in the queue
        setUrgency(TestTokens.supervisor("3413"), newest, Map.of("urgency", "NORMAL", "reason", "降为一般"))
                .then().statusCode(200);
        assertEquals(List.of(older, newer, newest), queue(Map.of("category", category)));

        given().auth().oauth2(TestTokens.supervisor("3413")).queryParam("sort", "level").get("/cases/queue")
                .then().statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(TestTokens.supervisor("3413")).queryParam("urgency", "LOW").get("/cases/queue")
                .then().statusCode(400).contentType("application/problem+json");
    }

    private static List<String> queue(Map<String, String> query) {
        return given().auth().oauth2(TestTokens.supervisor("3413")).queryParams(query).get("/cases/queue").then()
                .statusCode(200).extract().jsonPath().getList("items.petitionId");
    }
}

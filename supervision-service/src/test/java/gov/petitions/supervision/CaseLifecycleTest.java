package gov.petitions.supervision;

import com.fasterxml.jackson.databind.JsonNode;
import gov.petitions.testing.Contracts;
import gov.petitions.testing.KafkaProbe;
import gov.petitions.testing.TestSecrets;
import gov.petitions.testing.TestTokens;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
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
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** A unit works its case: accept, extend once, reply; or decline; or ask to escalate. */
@QuarkusTest
@QuarkusTestResource(TestSecrets.class)
class CaseLifecycleTest {

    private static final String UNIT = "341302-RSJ";
    private static KafkaProbe statusChanges;
    private static KafkaProbe escalations;

    @BeforeAll
    static void open() {
        statusChanges = KafkaProbe.open("case.status-changed");
        escalations = KafkaProbe.open("case.escalation-requested");
    }

    @AfterAll
    static void close() {
        statusChanges.close();
        escalations.close();
    }

    static String assignedCase() throws Exception {
        String id = UUID.randomUUID().toString();
        OffsetDateTime registeredAt = OffsetDateTime.now(ZoneOffset.UTC);
        // both events, as in life: a jurisdiction sees a case only once its registration (and accusation) is known
        KafkaProbe.send("petition.registered", id, "gov.petition.petition.registered.v1", UUID.randomUUID(),
                LedgerFlowTest.registered(id, registeredAt));
        KafkaProbe.send("case.assigned", id, "gov.petition.case.assigned.v1", UUID.randomUUID(),
                LedgerFlowTest.assigned(id, registeredAt, 1, UNIT));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().auth().oauth2(TestTokens.supervisor("3413")).when().get("/ledger/" + id)
                        .then().statusCode(200).body("status", equalTo("ASSIGNED")).body("personCount", equalTo(4)));
        return id;
    }

    static io.restassured.specification.RequestSpecification handler(String unit) {
        return given().auth().oauth2(TestTokens.handler(unit)).contentType(ContentType.JSON);
    }

    @Test
    void acceptExtendOnceAndReply() throws Exception {
        String id = assignedCase();
        handler(UNIT).body(Map.of("accepted", true)).post("/cases/" + id + "/decision")
                .then().statusCode(200).body("status", equalTo("ACCEPTED"));
        String due = given().auth().oauth2(TestTokens.handler(UNIT)).get("/ledger/" + id)
                .then().extract().path("handlingDueAt");
        OffsetDateTime handlingDue = OffsetDateTime.parse(due);

        handler(UNIT).body(Map.of("days", 31, "reason", "需要现场调查")).post("/cases/" + id + "/extension")
                .then().statusCode(400).contentType("application/problem+json");
        handler(UNIT).body(Map.of("days", 10)).post("/cases/" + id + "/extension")
                .then().statusCode(400).contentType("application/problem+json");
        handler(UNIT).body(Map.of("days", 10, "reason", "需要现场调查")).post("/cases/" + id + "/extension")
                .then().statusCode(200).body("status", equalTo("EXTENDED"));
        String extendedDue = given().auth().oauth2(TestTokens.handler(UNIT)).get("/ledger/" + id)
                .then().extract().path("handlingDueAt");
        assertEquals(handlingDue.plusDays(10).toInstant(), OffsetDateTime.parse(extendedDue).toInstant());
        handler(UNIT).body(Map.of("days", 5, "reason", "again")).post("/cases/" + id + "/extension")
                .then().statusCode(409).contentType("application/problem+json");

        handler(UNIT).body(Map.of("text", "经核实，工资已于本月全部结清。")).post("/cases/" + id + "/reply")
                .then().statusCode(200).body("status", equalTo("REPLIED"));
        handler(UNIT).body(Map.of("accepted", true)).post("/cases/" + id + "/decision")
                .then().statusCode(409).contentType("application/problem+json")
                .body("detail", containsString("The case is REPLIED"));

        given().auth().oauth2(TestTokens.supervisor("3413")).get("/ledger/" + id)
                .then().statusCode(200).body("replyText", equalTo("经核实，工资已于本月全部结清。"))
                .body("timeline.size()", greaterThanOrEqualTo(4));

        List<ConsumerRecord<String, String>> changes = statusChanges.await(r -> id.equals(r.key()), 4, Duration.ofSeconds(20));
        List<String> states = changes.stream().map(r -> Contracts.assertValidRecord("case.status-changed", r))
                .map(d -> d.get("toStatus").asText()).toList();
        assertEquals(List.of("ASSIGNED", "ACCEPTED", "EXTENDED", "REPLIED"), states);
        assertEquals("handler", Contracts.assertValid("case.status-changed", changes.get(1).value()).get("actorRole").asText());
    }

    /** The statutory clocks of a case that still run: not stopped, whether breached or not. */
    private static long runningClocks(String id) {
        return QuarkusTransaction.requiringNew().call(() ->
                Deadline.count("petitionId = ?1 and stoppedAt is null", UUID.fromString(id)));
    }

    @Test
    void declineNeedsAReasonAndEndsTheClock() throws Exception {
        String id = assignedCase();
        assertEquals(1, runningClocks(id), "the acceptance clock runs");
        handler(UNIT).body(Map.of("accepted", false)).post("/cases/" + id + "/decision")
                .then().statusCode(400).contentType("application/problem+json");
        assertEquals(1, runningClocks(id), "a refused decline stops nothing");
        handler(UNIT).body(Map.of("accepted", false, "reason", "已通过诉讼途径解决，不属于信访受理范围"))
                .post("/cases/" + id + "/decision").then().statusCode(200).body("status", equalTo("NOT_ACCEPTED"));
        assertEquals(0, runningClocks(id), "declined: no clock runs any more");
        handler(UNIT).body(Map.of("text", "x")).post("/cases/" + id + "/reply").then().statusCode(409);
        assertEquals(0, runningClocks(id));
    }

    @Test
    void aUnitThatCannotResolveItAsksForEscalation() throws Exception {
        String id = assignedCase();
        handler(UNIT).body(Map.of()).post("/cases/" + id + "/escalation-request")
                .then().statusCode(400).contentType("application/problem+json");
        handler(UNIT).body(Map.of("reason", "涉及跨县协调，县级无法解决")).post("/cases/" + id + "/escalation-request")
                .then().statusCode(200).body("status", equalTo("ESCALATED"));
        JsonNode request = Contracts.assertValidRecord("case.escalation-requested", escalations.awaitKey(id, Duration.ofSeconds(20)));
        assertEquals("CANNOT_RESOLVE", request.get("reason").asText());
        assertEquals(UNIT, request.get("fromUnitCode").asText());
    }

    @Test
    void otherUnitsCannotSeeNorTouchTheCase() throws Exception {
        String id = assignedCase();
        handler("340102-RSJ").body(Map.of("accepted", true)).post("/cases/" + id + "/decision")
                .then().statusCode(404).contentType("application/problem+json");
        given().auth().oauth2(TestTokens.supervisor("3401")).get("/ledger/" + id).then().statusCode(404);
        given().auth().oauth2(TestTokens.supervisor("3413")).get("/ledger/" + id).then().statusCode(200);
        given().auth().oauth2(TestTokens.auditor()).contentType(ContentType.JSON).body(Map.of("accepted", true))
                .post("/cases/" + id + "/decision").then().statusCode(403);
    }

    @Test
    void leadersInstructAndKeepMinutesAndSupervisorsUrge() throws Exception {
        String id = assignedCase();
        String leader = TestTokens.leader("34");
        given().auth().oauth2(leader).contentType(ContentType.JSON).body(Map.of("text", "请宿州市督促埇桥区一周内化解。"))
                .post("/cases/" + id + "/instructions").then().statusCode(200)
                .body("instructions", org.hamcrest.Matchers.contains("请宿州市督促埇桥区一周内化解。"));
        String soon = OffsetDateTime.now(ZoneOffset.UTC).plusDays(7).toString();
        String later = OffsetDateTime.now(ZoneOffset.UTC).plusDays(30).toString();
        given().auth().oauth2(leader).contentType(ContentType.JSON)
                .body(Map.of("summary", "现场接访，承诺限期解决欠薪。", "team", List.of("市信访局", "区人社局"),
                        "followUps", List.of(later, soon)))
                .post("/cases/" + id + "/minutes").then().statusCode(200)
                .body("leaderCase", equalTo(true)).body("team", equalTo("市信访局、区人社局"))
                .body("followUps.size()", equalTo(2));
        given().auth().oauth2(leader).contentType(ContentType.JSON)
                .body(Map.of("summary", "again", "team", List.of("x"), "followUps", List.of(later)))
                .post("/cases/" + id + "/minutes").then().statusCode(409).contentType("application/problem+json");
        given().auth().oauth2(leader).contentType(ContentType.JSON)
                .body(Map.of("summary", "past", "team", List.of("x"), "followUps", List.of("2020-01-01T00:00:00Z")))
                .post("/cases/" + UUID.randomUUID() + "/minutes").then().statusCode(400).contentType("application/problem+json");

        given().auth().oauth2(TestTokens.supervisor("3401")).contentType(ContentType.JSON).body(Map.of("reason", "尽快办理"))
                .post("/cases/" + id + "/urge").then().statusCode(404);
        given().auth().oauth2(TestTokens.handler(UNIT)).contentType(ContentType.JSON).body(Map.of("reason", "x"))
                .post("/cases/" + id + "/urge").then().statusCode(403);
        given().auth().oauth2(TestTokens.supervisor("3413")).contentType(ContentType.JSON).body(Map.of("reason", "尽快办理"))
                .post("/cases/" + id + "/urge").then().statusCode(200).body("urgeCount", equalTo(1));
        given().auth().oauth2(TestTokens.handler(UNIT)).get("/ledger/" + id).then().statusCode(200)
                .body("timeline.reason", org.hamcrest.Matchers.hasItem(containsString("督办")))
                .body("timeline.reason", org.hamcrest.Matchers.hasItem(containsString("批示")));
    }

    /** A ledger row of a unit's case, written directly: no clock row, so no scanner breaches or escalates it. */
    private static String caseDue(String unit, String status, String acceptanceDue, String handlingDue) {
        UUID id = UUID.randomUUID();
        QuarkusTransaction.requiringNew().run(() -> LedgerEntry.getEntityManager().createNativeQuery(
                        "insert into ledger_entry (petition_id, tracking_number, status, unit_code, level, category_code,"
                                + " location_code, person_count, registered_at, received_on, updated_at, assignment_seq,"
                                + " acceptance_due_at, handling_due_at, accused_unit_codes) values (:id, 'XF20261126777777',"
                                + " :status, :unit, 'COUNTY', 'labour-wages', '341302', 1, now(), (now() at time zone 'Asia/Shanghai')::date,"
                                + " now(), 1, now() + cast(:acceptance as interval), now() + cast(:handling as interval), '{}')")
                .setParameter("id", id).setParameter("status", status).setParameter("unit", unit)
                .setParameter("acceptance", acceptanceDue).setParameter("handling", handlingDue).executeUpdate());
        return id.toString();
    }

    /** Every petition id in a handler's queue, page by page; each page only the handler's unit's cases. */
    private static java.util.List<String> wholeQueue(String unit) {
        java.util.List<String> ids = new java.util.ArrayList<>();
        for (int page = 0; ; page++) {
            io.restassured.response.Response answer = given().auth().oauth2(TestTokens.handler(unit))
                    .queryParam("size", 200).queryParam("page", page).get("/cases/queue");
            answer.then().statusCode(200).body("items.unitCode", org.hamcrest.Matchers.everyItem(equalTo(unit)));
            java.util.List<String> items = answer.jsonPath().getList("items.petitionId", String.class);
            ids.addAll(items);
            if (items.isEmpty() || ids.size() >= answer.jsonPath().getInt("total")) {
                return ids;
            }
        }
    }

    @Test
    void theQueueShowsTheUnitsOpenCasesOverdueFirst() throws Exception {
        // a unit of this run's own, so its queue holds exactly these cases
        String unit = "341302-Q" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
        String dueInTenDays = caseDue(unit, "ASSIGNED", "10 days", "70 days");
        String overdueByTwoDays = caseDue(unit, "ASSIGNED", "-2 days", "58 days");
        String acceptedDueInThirtyDays = caseDue(unit, "ACCEPTED", "-40 days", "30 days");
        String overdueByOneHour = caseDue(unit, "EXTENDED", "-50 days", "-1 hour");
        caseDue(unit, "REPLIED", "-20 days", "-5 days"); // closed: not in the queue, overdue or not
        caseDue(unit, "NOT_ACCEPTED", "-3 days", "-3 days");

        given().auth().oauth2(TestTokens.handler(unit)).queryParam("size", 200).get("/cases/queue")
                .then().statusCode(200).body("total", equalTo(4))
                .body("items.petitionId", org.hamcrest.Matchers.contains(overdueByTwoDays, overdueByOneHour, dueInTenDays,
                        acceptedDueInThirtyDays))
                .body("items.overdue", org.hamcrest.Matchers.contains(true, true, false, false))
                .body("items.unitCode", org.hamcrest.Matchers.everyItem(equalTo(unit)));
        given().auth().oauth2(TestTokens.handler(unit)).queryParam("overdue", true).get("/cases/queue")
                .then().statusCode(200).body("items.petitionId", org.hamcrest.Matchers.contains(overdueByTwoDays, overdueByOneHour));

        String id = assignedCase();
        // the shared unit's queue holds every case the module's tests gave it: read all its pages, not the first
        org.hamcrest.MatcherAssert.assertThat(wholeQueue(UNIT), org.hamcrest.Matchers.hasItem(id));
        org.hamcrest.MatcherAssert.assertThat(wholeQueue("340102-RSJ"), org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasItem(id)));
        given().auth().oauth2(TestTokens.handler(UNIT)).queryParam("size", 0).get("/cases/queue")
                .then().statusCode(400).contentType("application/problem+json");
        // a provincial leader (jurisdiction 34) sees the province's open cases
        given().auth().oauth2(TestTokens.leader("34"))
                .queryParam("size", 200).queryParam("category", "labour-wages").get("/cases/queue")
                .then().statusCode(200).body("total", org.hamcrest.Matchers.greaterThan(0))
                .body("items.locationCode", org.hamcrest.Matchers.everyItem(org.hamcrest.Matchers.startsWith("34")));
    }
}

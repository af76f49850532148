package gov.petitions.supervision;

import com.fasterxml.jackson.databind.JsonNode;
import gov.petitions.supervision.service.DeadlineScanner;
import gov.petitions.testing.Contracts;
import gov.petitions.testing.KafkaProbe;
import gov.petitions.testing.TestSecrets;
import gov.petitions.testing.TestTokens;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The clocks, run in seconds: warning, breach, escalation, a fresh clock at the next level; each fired once. */
@QuarkusTest
@TestProfile(ShortClocks.class)
@QuarkusTestResource(TestSecrets.class)
class DeadlineTest {

    private static KafkaProbe warnings;
    private static KafkaProbe breaches;
    private static KafkaProbe escalations;

    @Inject
    DeadlineScanner scanner;

    @BeforeAll
    static void open() {
        warnings = KafkaProbe.open("case.deadline-warning");
        breaches = KafkaProbe.open("case.deadline-breached");
        escalations = KafkaProbe.open("case.escalation-requested");
    }

    @AfterAll
    static void close() {
        warnings.close();
        breaches.close();
        escalations.close();
    }

    @Test
    void aMissedAcceptanceDeadlineWarnsBreachesEscalatesAndTheNextLevelGetsAFreshClock() throws Exception {
        String id = UUID.randomUUID().toString();
        OffsetDateTime registeredAt = OffsetDateTime.now(ZoneOffset.UTC);
        KafkaProbe.send("case.assigned", id, "gov.petition.case.assigned.v1", UUID.randomUUID(),
                LedgerFlowTest.assigned(id, registeredAt, 1, "341302-RSJ"));

        JsonNode warning = Contracts.assertValidRecord("case.deadline-warning", warnings.awaitKey(id, Duration.ofSeconds(20)));
        assertEquals("ACCEPTANCE", warning.get("clock").asText());
        JsonNode breach = Contracts.assertValidRecord("case.deadline-breached", breaches.awaitKey(id, Duration.ofSeconds(20)));
        assertEquals("341302-RSJ", breach.get("unitCode").asText());
        JsonNode escalation = Contracts.assertValidRecord("case.escalation-requested", escalations.awaitKey(id, Duration.ofSeconds(20)));
        assertEquals("DEADLINE_BREACHED", escalation.get("reason").asText());
        assertEquals("341302-RSJ", escalation.get("fromUnitCode").asText());
        given().auth().oauth2(TestTokens.auditor()).get("/ledger/" + id).then().statusCode(200)
                .body("status", equalTo("ESCALATED"));

        // routing answers with the city unit (as routing-service does); the city gets its own 4 seconds
        String cityAssignment = LedgerFlowTest.assigned(id, registeredAt, 2, "3413-RSJ")
                .replace("\"level\":\"COUNTY\",\"unit\"", "\"level\":\"CITY\",\"unit\"");
        KafkaProbe.send("case.assigned", id, "gov.petition.case.assigned.v1", UUID.randomUUID(), cityAssignment);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> // the first test after a restart waits for the group to form
                given().auth().oauth2(TestTokens.handler("3413-RSJ")).get("/ledger/" + id).then().statusCode(200)
                        .body("status", equalTo("ASSIGNED")));
        String due = given().auth().oauth2(TestTokens.auditor()).get("/ledger/" + id).then().extract().path("acceptanceDueAt");
        assertTrue(OffsetDateTime.parse(due).isAfter(registeredAt.plusSeconds(4)), "a fresh clock, not the county's");

        List<ConsumerRecord<String, String>> breachRecords = breaches.await(r -> id.equals(r.key()), 2, Duration.ofSeconds(20));
        assertEquals("3413-RSJ", Contracts.assertValid("case.deadline-breached", breachRecords.get(1).value()).get("unitCode").asText());
        assertEquals(2, breaches.settle(r -> id.equals(r.key()), Duration.ofSeconds(2)).size(), "each clock breaches once");
        assertEquals(2, warnings.settle(r -> id.equals(r.key()), Duration.ofSeconds(1)).size(), "each clock warns once");
    }

    @Test
    void acceptingInTimeStopsTheAcceptanceClock() throws Exception {
        String id = UUID.randomUUID().toString();
        KafkaProbe.send("case.assigned", id, "gov.petition.case.assigned.v1", UUID.randomUUID(),
                LedgerFlowTest.assigned(id, OffsetDateTime.now(ZoneOffset.UTC), 1, "341302-RSJ"));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> // the first test after a restart waits for the group to form
                given().auth().oauth2(TestTokens.handler("341302-RSJ")).contentType("application/json")
                        .body(Map.of("accepted", true)).post("/cases/" + id + "/decision").then().statusCode(200));
        JsonNode breach = Contracts.assertValid("case.deadline-breached",
                breaches.awaitKey(id, Duration.ofSeconds(20)).value());
        assertEquals("HANDLING", breach.get("clock").asText(), "only the 6-second handling clock ran out");
    }

    @Test
    void aReviewAfterTheWindowIsRefusedClearly() throws Exception {
        String id = UUID.randomUUID().toString();
        KafkaProbe.send("case.assigned", id, "gov.petition.case.assigned.v1", UUID.randomUUID(),
                LedgerFlowTest.assigned(id, OffsetDateTime.now(ZoneOffset.UTC), 1, "341302-RSJ"));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> // the first test after a restart waits for the group to form
                given().auth().oauth2(TestTokens.handler("341302-RSJ")).contentType("application/json")
                        .body(Map.of("accepted", true)).post("/cases/" + id + "/decision").then().statusCode(200));
        given().auth().oauth2(TestTokens.handler("341302-RSJ")).contentType("application/json")
                .body(Map.of("text", "答复")).post("/cases/" + id + "/reply").then().statusCode(200);
        Thread.sleep(3_500); // the 3-second review window of this profile runs out
        given().auth().oauth2(TestTokens.service()).contentType("application/json").body(Map.of("reason", "不满意"))
                .post("/internal/cases/" + id + "/review-request")
                .then().statusCode(409).contentType("application/problem+json")
                .body("type", org.hamcrest.Matchers.endsWith("/window-closed"))
                .body("detail", org.hamcrest.Matchers.containsString("window closed"));
    }

    @Test
    void competingScannersFireEachDeadlineExactlyOnce() throws Exception {
        int cases = 40;
        List<String> ids = new ArrayList<>();
        QuarkusTransaction.requiringNew().run(() -> {
            var em = LedgerEntry.getEntityManager();
            for (int i = 0; i < cases; i++) {
                UUID id = UUID.randomUUID();
                ids.add(id.toString());
                caseWithClock(em, id, "REPLIED", "REVIEW", "-1 second", "-2 seconds");
            }
        });
        // two more "replicas" race the application's own scheduled scanner
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Callable<Integer>> replicas = List.of(scanner::scanBatch, scanner::scanBatch);
        pool.invokeAll(replicas);
        pool.shutdown();

        Set<String> wanted = Set.copyOf(ids);
        breaches.await(r -> wanted.contains(r.key()), cases, Duration.ofSeconds(20));
        Map<String, Long> perCase = breaches.settle(r -> wanted.contains(r.key()), Duration.ofSeconds(2)).stream()
                .collect(Collectors.groupingBy(ConsumerRecord::key, Collectors.counting()));
        assertEquals(cases, perCase.size());
        assertTrue(perCase.values().stream().allMatch(c -> c == 1), "no deadline fired twice: " + perCase);
    }

    /**
     * Issue #20: a scan runs every few seconds for the service's lifetime, so it must read the clocks that are due and
     * not every clock that runs. With bitmap scans off the planner has only the plans it fell back to in the benchmark
     * when its statistics were stale; every statement must still reach its rows through an index
     * condition on the time and filter none out afterwards. One running clock due in a year makes sure there is
     * something not to read.
     */
    @Test
    void aScanReadsTheDueClocksOnlyWhateverThePlannerKnows() throws Exception {
        UUID id = UUID.randomUUID();
        QuarkusTransaction.requiringNew().run(() -> {
            var em = LedgerEntry.getEntityManager();
            caseWithClock(em, id, "ACCEPTED", "HANDLING", "1 year", "300 days");
        });
        for (String statement : List.of(DeadlineScanner.DUE_BREACHES, DeadlineScanner.DUE_WARNINGS)) {
            String plan = QuarkusTransaction.requiringNew().call(() -> {
                var em = LedgerEntry.getEntityManager();
                em.createNativeQuery("set local enable_bitmapscan = off").executeUpdate();
                // a test database is small enough to read whole; the point is which index ranges a big one gets
                em.createNativeQuery("set local enable_seqscan = off").executeUpdate();
                String json = String.valueOf(em.createNativeQuery("explain (analyze, format json) " + statement)
                        .setParameter("now", OffsetDateTime.now(ZoneOffset.UTC))
                        .setParameter("limit", DeadlineScanner.BATCH).getSingleResult());
                return json; // the rows' locks explain analyze took go with the commit; nothing was changed
            });
            List<JsonNode> scans = new ArrayList<>();
            collectScans(new com.fasterxml.jackson.databind.ObjectMapper().readTree(plan), scans);
            assertTrue(!scans.isEmpty(), plan);
            for (JsonNode scan : scans) {
                assertTrue(scan.path("Index Cond").asText().matches(".*(due_at|warn_at) <=.*"),
                        "a scan not bounded by the time: " + plan);
                assertEquals(0, scan.path("Rows Removed by Filter").asLong(), "rows read and thrown away: " + plan);
            }
        }
    }

    /** A ledger entry of a county unit's case and one running clock, due and warned at these intervals from now. */
    private static void caseWithClock(jakarta.persistence.EntityManager em, UUID id, String status, String clock,
                                      String dueIn, String warnIn) {
        em.createNativeQuery("insert into ledger_entry (petition_id, tracking_number, status, unit_code, level,"
                        + " category_code, location_code, registered_at, received_on, updated_at, assignment_seq)"
                        + " values (:id, 'XF20261126999999', :status, '341302-RSJ', 'COUNTY', 'other', '341302', now(),"
                        + " (now() at time zone 'Asia/Shanghai')::date, now(), 1)")
                .setParameter("id", id).setParameter("status", status).executeUpdate();
        em.createNativeQuery("insert into deadline (petition_id, clock, unit_code, level, due_at, warn_at)"
                        + " values (:id, :clock, '341302-RSJ', 'COUNTY', now() + cast(:dueIn as interval),"
                        + " now() + cast(:warnIn as interval))")
                .setParameter("id", id).setParameter("clock", clock).setParameter("dueIn", dueIn)
                .setParameter("warnIn", warnIn).executeUpdate();
    }

    /** The plan's nodes that read the deadline table. */
    private static void collectScans(JsonNode node, List<JsonNode> scans) {
        if (node.isObject() && "deadline".equals(node.path("Relation Name").asText())) {
            scans.add(node);
        }
        node.forEach(child -> collectScans(child, scans));
    }
}

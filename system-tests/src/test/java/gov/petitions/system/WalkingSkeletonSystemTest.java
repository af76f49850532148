package gov.petitions.system;

import gov.petitions.testing.Contracts;
import gov.petitions.testing.KafkaProbe;
import gov.petitions.testing.TestTokens;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The walking skeleton, through the four real service processes, the real broker, PostgreSQL and the
 * MongoDB stand-in: petition.registered → case.assigned → ledger → acknowledgement, exactly once each,
 * with two routing-service replicas sharing one consumer group (./petitions test starts them).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WalkingSkeletonSystemTest {

    private static final int PETITIONS = 200;
    /** Counties (and two townships) across ten of Anhui's sixteen cities. */
    private static final String[] LOCATIONS = {"340102", "340104", "340202", "340302", "340402", "340503",
            "340602", "340705", "341302", "341602", "341202", "340102001", "341302100"};
    private static final String[] CATEGORIES = {"labour-wages", "land-housing", "education", "environment",
            "rural-affairs", "law-enforcement", "other"};

    private static final int BASE = Integer.getInteger("petitions.base-port", 18080);
    private static final String INTAKE = "http://127.0.0.1:" + (BASE + 1);
    private static final String ROUTING = "http://127.0.0.1:" + (BASE + 2);
    private static final String SUPERVISION = "http://127.0.0.1:" + (BASE + 3);
    private static final String NOTIFICATION = "http://127.0.0.1:" + (BASE + 4);

    private static KafkaProbe registered;
    private static KafkaProbe assigned;
    private static KafkaProbe delivered;

    @BeforeAll
    static void open() {
        registered = KafkaProbe.open("petition.registered");
        assigned = KafkaProbe.open("case.assigned");
        delivered = KafkaProbe.open("notification.delivered");
    }

    @AfterAll
    static void close() {
        registered.close();
        assigned.close();
        delivered.close();
    }

    @Test
    @Order(1)
    void aMalformedPetitionGetsProblemJsonAndProducesNoEvent() throws Exception {
        Map<TopicPartition, Long> before = endOffsets("petition.registered");
        given().auth().oauth2(TestTokens.clerk()).contentType(ContentType.JSON)
                .body(Map.of("channel", "WALK_IN", "categoryCode", "labour-wages", "locationCode", "440101",
                        "summary", "x".repeat(501), "petitioner", Map.of("name", "", "phone", "110")))
                .when().post(INTAKE + "/petitions")
                .then().statusCode(400).contentType("application/problem+json")
                .body("status", equalTo(400));
        given().contentType(ContentType.JSON).body("[1,2,3]")
                .when().post(INTAKE + "/public/petitions")
                .then().statusCode(400).contentType("application/problem+json");
        Thread.sleep(2_000); // longer than the relay's poll interval: anything written would have left by now
        assertEquals(before, endOffsets("petition.registered"), "no event for a refused petition");
    }

    @Test
    @Order(2)
    void twoHundredPetitionsAcrossAnhuiAreEachAssignedLedgeredAndAcknowledgedExactlyOnce() throws Exception {
        String clerk = TestTokens.clerk();
        Instant start = Instant.now();
        List<String> ids = new ArrayList<>();
        Map<String, String> locationById = new ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<String>> futures = new ArrayList<>();
            for (int i = 0; i < PETITIONS; i++) {
                int n = i;
                futures.add(pool.submit(() -> {
                    String location = LOCATIONS[n % LOCATIONS.length];
                    Map<String, Object> body = new java.util.HashMap<>(Map.of("channel", n % 3 == 0 ? "LETTER" : "WALK_IN",
                            "categoryCode", CATEGORIES[n % CATEGORIES.length],
                            "locationCode", location,
                            "summary", "系统测试信访事项 #" + n,
                            "personCount", 1 + n % 5,
                            "petitioner", Map.of("name", "测试人" + n, "phone", String.format("139%08d", n))));
                    if (n % 3 == 0) {
                        body.put("letter", Map.of("receivedOn", java.time.LocalDate.now(java.time.ZoneId.of("Asia/Shanghai")).toString()));
                    }
                    Response response = given().auth().oauth2(clerk).contentType(ContentType.JSON)
                            .body(body).when().post(INTAKE + "/petitions");
                    response.then().statusCode(201);
                    String id = response.path("petitionId");
                    locationById.put(id, location);
                    return id;
                }));
            }
            for (Future<String> f : futures) {
                ids.add(f.get());
            }
        } finally {
            pool.shutdown();
        }
        Duration registering = Duration.between(start, Instant.now());
        Set<String> wanted = Set.copyOf(ids);

        List<ConsumerRecord<String, String>> acks = delivered.await(r -> wanted.contains(r.key()) && isReceipt(r), PETITIONS,
                Duration.ofSeconds(180));
        Duration allAcknowledged = Duration.between(start, Instant.now());
        System.out.printf("%d petitions registered in %d ms; all acknowledged %d ms after the first request%n",
                PETITIONS, registering.toMillis(), allAcknowledged.toMillis());

        // exactly once on every topic, each record as the contract says
        assertExactlyOnce(registered.settle(r -> wanted.contains(r.key()), Duration.ofSeconds(1)), wanted, "petition.registered");
        List<ConsumerRecord<String, String>> assignments = assigned.await(r -> wanted.contains(r.key()), PETITIONS, Duration.ofSeconds(60));
        assertExactlyOnce(assignments, wanted, "case.assigned");
        assertExactlyOnce(delivered.settle(r -> wanted.contains(r.key()) && isReceipt(r), Duration.ofSeconds(3)), wanted,
                "notification.delivered (receipt)");
        acks.forEach(r -> Contracts.assertValidRecord("notification.delivered", r));
        assignments.forEach(r -> Contracts.assertValidRecord("case.assigned", r));

        String supervisor = TestTokens.supervisor("34");
        for (String id : ids) {
            String county = locationById.get(id).substring(0, 6);
            given().auth().oauth2(supervisor).when().get(ROUTING + "/cases/" + id + "/assignments")
                    .then().statusCode(200).body("history.size()", equalTo(1));
            String unit = given().auth().oauth2(supervisor).when().get(ROUTING + "/cases/" + id + "/assignments")
                    .then().extract().path("current.unitCode");
            assertTrue(unit.startsWith(county + "-"), "routed to a unit of the petition's county: " + unit);
            awaitLedger(supervisor, id, unit);
            given().auth().oauth2(supervisor).queryParam("petitionId", id).when().get(NOTIFICATION + "/messages")
                    .then().statusCode(200)
                    .body("findAll { it.template == 'petition.registered.receipt' }.size()", equalTo(1))
                    .body("find { it.template == 'petition.registered.receipt' }.status", equalTo("DELIVERED"));
        }
    }

    @Test
    @Order(3)
    void aUnitThatCannotResolveACaseSendsItToTheCityWithAFreshClock() {
        String clerk = TestTokens.clerk();
        String id = given().auth().oauth2(clerk).contentType(ContentType.JSON)
                .body(Map.of("channel", "HOTLINE", "categoryCode", "land-housing", "locationCode", "341302",
                        "summary", "征地补偿标准争议", "petitioner", Map.of("name", "赵六", "phone", "13700001234")))
                .when().post(INTAKE + "/petitions").then().statusCode(201).extract().path("petitionId");
        String supervisor = TestTokens.supervisor("34");
        awaitLedger(supervisor, id, "341302-ZRZYJ");
        String countyDue = given().auth().oauth2(supervisor).get(SUPERVISION + "/ledger/" + id).then().extract().path("acceptanceDueAt");

        given().auth().oauth2(TestTokens.handler("341302-ZRZYJ")).contentType(ContentType.JSON)
                .body(Map.of("reason", "涉及市级规划调整，县级无法解决"))
                .when().post(SUPERVISION + "/cases/" + id + "/escalation-request")
                .then().statusCode(200).body("status", equalTo("ESCALATED"));

        // supervision → case.escalation-requested → routing → case.assigned (city) → supervision
        awaitLedger(supervisor, id, "3413-ZRZYJ");
        given().auth().oauth2(supervisor).get(ROUTING + "/cases/" + id + "/assignments").then().statusCode(200)
                .body("history.size()", equalTo(2)).body("current.reason", equalTo("ESCALATION"))
                .body("current.previousUnitCode", equalTo("341302-ZRZYJ"));
        String cityDue = given().auth().oauth2(supervisor).get(SUPERVISION + "/ledger/" + id).then().extract().path("acceptanceDueAt");
        assertTrue(java.time.OffsetDateTime.parse(cityDue).isAfter(java.time.OffsetDateTime.parse(countyDue)),
                "the city's 15 days start at its assignment");
    }

    @Test
    @Order(4)
    void thePetitionerFollowsTheCaseEvaluatesTheReplyAndAsksForAReview() {
        var receipt = given().contentType(ContentType.JSON)
                .body(Map.of("categoryCode", "social-security", "locationCode", "340104", "summary", "养老保险待遇核定有误",
                        "petitioner", Map.of("name", "钱七", "phone", "13600002222")))
                .when().post(INTAKE + "/public/petitions").then().statusCode(201).extract().jsonPath();
        String id = receipt.getString("petitionId");
        Map<String, Object> credentials = Map.of("trackingNumber", receipt.getString("trackingNumber"),
                "queryCode", receipt.getString("queryCode"));
        String supervisor = TestTokens.supervisor("34");
        awaitLedger(supervisor, id, "340104-RSJ");
        given().contentType(ContentType.JSON).body(credentials).post(INTAKE + "/public/status-lookups")
                .then().statusCode(200).body("status", equalTo("ASSIGNED"));

        String handler = TestTokens.handler("340104-RSJ");
        given().auth().oauth2(handler).contentType(ContentType.JSON).body(Map.of("accepted", true))
                .post(SUPERVISION + "/cases/" + id + "/decision").then().statusCode(200);
        given().auth().oauth2(handler).contentType(ContentType.JSON).body(Map.of("text", "经复核，待遇核定无误。"))
                .post(SUPERVISION + "/cases/" + id + "/reply").then().statusCode(200);

        given().contentType(ContentType.JSON).body(credentials).post(INTAKE + "/public/status-lookups")
                .then().statusCode(200).body("status", equalTo("REPLIED"))
                .body("progress.reply", equalTo("经复核，待遇核定无误。"));
        Map<String, Object> evaluation = new HashMap<>(credentials);
        evaluation.put("satisfied", false);
        evaluation.put("comment", "计算基数有误");
        given().contentType(ContentType.JSON).body(evaluation).post(INTAKE + "/public/evaluations")
                .then().statusCode(200).body("status", equalTo("EVALUATED"));
        Map<String, Object> wrongCode = new HashMap<>(evaluation);
        wrongCode.put("queryCode", "WRONG234");
        given().contentType(ContentType.JSON).body(wrongCode).post(INTAKE + "/public/evaluations").then().statusCode(404);

        Map<String, Object> review = new HashMap<>(credentials);
        review.put("reason", "请求上一级复查");
        given().contentType(ContentType.JSON).body(review).post(INTAKE + "/public/review-requests")
                .then().statusCode(200).body("status", equalTo("REVIEW_REQUESTED"));
        // routing sends the review one level up; supervision keeps it under review at the city
        Instant deadline = Instant.now().plusSeconds(60);
        while (true) {
            Response r = given().auth().oauth2(supervisor).get(SUPERVISION + "/ledger/" + id);
            if ("3401-RSJ".equals(r.path("unitCode"))) {
                assertEquals("REVIEW_REQUESTED", r.path("status"));
                break;
            }
            assertTrue(Instant.now().isBefore(deadline), "review not assigned to the city: " + r.asString());
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        given().auth().oauth2(supervisor).get(ROUTING + "/cases/" + id + "/assignments").then()
                .body("current.reason", equalTo("REVIEW"));
    }

    private static boolean isReceipt(ConsumerRecord<String, String> record) {
        return record.value() != null && record.value().contains("\"template\":\"petition.registered.receipt\"");
    }

    private static void awaitLedger(String token, String id, String unit) {
        Instant deadline = Instant.now().plusSeconds(60);
        while (true) {
            Response r = given().auth().oauth2(token).when().get(SUPERVISION + "/ledger/" + id);
            if (r.statusCode() == 200 && "ASSIGNED".equals(r.path("status"))) {
                assertEquals(unit, r.path("unitCode"));
                assertTrue(r.path("acceptanceDueAt") != null, "the 15-day acceptance clock runs");
                return;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("ledger entry of " + id + " not ASSIGNED: " + r.asString());
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    private static void assertExactlyOnce(List<ConsumerRecord<String, String>> records, Set<String> wanted, String topic) {
        Map<String, Long> perPetition = records.stream()
                .collect(Collectors.groupingBy(ConsumerRecord::key, Collectors.counting()));
        assertEquals(wanted, perPetition.keySet(), topic + ": every petition");
        Map<String, Long> duplicates = new HashMap<>(perPetition);
        duplicates.values().removeIf(c -> c == 1);
        assertTrue(duplicates.isEmpty(), topic + ": more than one record for " + duplicates);
    }

    private static Map<TopicPartition, Long> endOffsets(String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", KafkaProbe.bootstrapServers()))) {
            var partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions();
            Map<TopicPartition, OffsetSpec> request = partitions.stream()
                    .collect(Collectors.toMap(p -> new TopicPartition(topic, p.partition()), p -> OffsetSpec.latest()));
            return admin.listOffsets(request).all().get().entrySet().stream()
                    .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
        }
    }

}

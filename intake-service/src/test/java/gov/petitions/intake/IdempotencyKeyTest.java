package gov.petitions.intake;

import gov.petitions.testing.MovableClock;
import gov.petitions.testing.TestSecrets;
import gov.petitions.testing.TestTokens;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * A client retry with the same Idempotency-Key never creates a second petition, not even when retries race: at the
 * clerk's POST /petitions, online (POST /public/petitions) and at a reception desk (a called ticket's registration).
 */
@QuarkusTest
@QuarkusTestResource(TestSecrets.class)
class IdempotencyKeyTest {

    @Inject
    MovableClock clock;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    private static Map<String, Object> body() {
        return Bodies.petition("WALK_IN", "labour-wages", "341302", "重试不应重复登记", Bodies.person("韩梅", Bodies.mobile(), null));
    }

    private static ExtractableResponse<Response> post(String key, Map<String, Object> body) {
        return given().auth().oauth2(TestTokens.clerk()).contentType(ContentType.JSON).header("Idempotency-Key", key)
                .body(body).post("/petitions").then().extract();
    }

    @Test
    void aRetryGetsTheSamePetitionWithTheSameQueryCode() {
        String key = UUID.randomUUID().toString();
        Map<String, Object> body = body();
        long before = petitions();
        ExtractableResponse<Response> first = post(key, body);
        ExtractableResponse<Response> retry = post(key, body);
        assertEquals(201, first.statusCode());
        assertEquals(201, retry.statusCode());
        assertNull(first.header("Idempotent-Replayed"));
        assertEquals("true", retry.header("Idempotent-Replayed"));
        assertEquals(first.path("petitionId"), (String) retry.path("petitionId"));
        assertEquals(first.path("trackingNumber"), (String) retry.path("trackingNumber"));
        assertEquals(1, petitions() - before, "one petition");
        assertEquals(1, outboxRowsFor(first.path("petitionId")), "one event");

        // a replay never rotates the code (issue #17 item 4): the same code comes back, and it still works
        String code = first.path("queryCode");
        assertEquals(code, (String) retry.path("queryCode"));
        given().contentType(ContentType.JSON).body(Map.of("trackingNumber", retry.path("trackingNumber"), "queryCode", code))
                .post("/public/status-lookups").then().statusCode(200);
    }

    @Test
    void theSameKeyWithAnotherBodyIsRefusedAndAMalformedKeyToo() {
        String key = UUID.randomUUID().toString();
        assertEquals(201, post(key, body()).statusCode());
        given().auth().oauth2(TestTokens.clerk()).contentType(ContentType.JSON).header("Idempotency-Key", key)
                .body(body()).post("/petitions").then().statusCode(422).contentType("application/problem+json")
                .body("type", equalTo("https://petitions.gov.example/problems/idempotency-key-reused"));
        given().auth().oauth2(TestTokens.clerk()).contentType(ContentType.JSON).header("Idempotency-Key", "x".repeat(101))
                .body(body()).post("/petitions").then().statusCode(400).contentType("application/problem+json")
                .body("type", equalTo("https://petitions.gov.example/problems/invalid-idempotency-key"));
    }

    @Test
    void racingRetriesCreateOnePetition() throws Exception {
        String key = UUID.randomUUID().toString();
        Map<String, Object> body = body();
        long before = petitions();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<ExtractableResponse<Response>>> attempts = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                attempts.add(() -> post(key, body));
            }
            Set<String> ids = new HashSet<>();
            for (Future<ExtractableResponse<Response>> attempt : pool.invokeAll(attempts)) {
                assertEquals(201, attempt.get().statusCode());
                ids.add(attempt.get().path("petitionId"));
            }
            assertEquals(1, ids.size(), "every attempt answers with the same petition");
            assertEquals(1, petitions() - before);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void onlineSubmissionsHonourTheKeyToo() {
        String key = UUID.randomUUID().toString();
        Map<String, Object> online = Map.of("categoryCode", "education", "locationCode", "340102",
                "summary", "网上信访重试", "petitioner", Bodies.person("韩梅", Bodies.mobile(), null));
        long before = petitions();
        String first = given().contentType(ContentType.JSON).header("Idempotency-Key", key).body(online)
                .post("/public/petitions").then().statusCode(201).extract().path("petitionId");
        given().contentType(ContentType.JSON).header("Idempotency-Key", key).body(online)
                .post("/public/petitions").then().statusCode(201).header("Idempotent-Replayed", "true")
                .body("petitionId", equalTo(first));
        assertEquals(1, petitions() - before, "one petition");
        assertEquals(1, outboxRowsFor(first), "one event");
    }

    @Test
    void registrationsFromReceptionTicketsHonourTheKeyToo() {
        // a session of its own on a day of its own, open (the clock on its day), one visitor called to desk 1
        String county = ReceptionSessionTest.randomCounty();
        LocalDate day = LocalDate.now(ZoneId.of("Asia/Shanghai")).plusDays(20 + ThreadLocalRandom.current().nextInt(300));
        String session = ReceptionSessionTest.create(ReceptionSessionTest.session(county, day, "周正"));
        ReceptionSessionTest.publish(session);
        ReceptionSessionTest.openOnItsDay(clock, session, day);
        given().auth().oauth2(TestTokens.clerk()).post("/reception-sessions/" + session + "/tickets").then().statusCode(201);
        String ticket = given().auth().oauth2(TestTokens.clerk()).post("/reception-sessions/" + session + "/desks/1/next-ticket")
                .then().statusCode(200).extract().path("ticketId");
        String registration = "/reception-sessions/" + session + "/tickets/" + ticket + "/registration";
        Map<String, Object> visit = Map.of("categoryCode", "labour-wages", "locationCode", county,
                "summary", "接访登记重试", "petitioner", Bodies.person("韩梅", Bodies.mobile(), null));

        String key = UUID.randomUUID().toString();
        long before = petitions();
        ExtractableResponse<Response> first = given().auth().oauth2(TestTokens.clerk()).contentType(ContentType.JSON)
                .header("Idempotency-Key", key).body(visit).post(registration).then().extract();
        assertEquals(201, first.statusCode(), first.asString());
        assertNull(first.header("Idempotent-Replayed"));

        // the answer was lost and the desk retries: the same petition and query code, not "ticket not called"
        ExtractableResponse<Response> retry = given().auth().oauth2(TestTokens.clerk()).contentType(ContentType.JSON)
                .header("Idempotency-Key", key).body(visit).post(registration).then().extract();
        assertEquals(201, retry.statusCode(), retry.asString());
        assertEquals("true", retry.header("Idempotent-Replayed"));
        assertEquals(first.path("petitionId"), (String) retry.path("petitionId"));
        assertEquals(first.path("trackingNumber"), (String) retry.path("trackingNumber"));
        assertEquals(first.path("queryCode"), (String) retry.path("queryCode"));
        assertEquals(1, petitions() - before, "one petition");
        assertEquals(1, outboxRowsFor(first.path("petitionId")), "one event");
        given().auth().oauth2(TestTokens.clerk()).get("/petitions/" + first.path("petitionId")).then().statusCode(200)
                .body("receptionSessionId", equalTo(session));

        // the same key with another body is refused, and without a key the ticket is registered already
        Map<String, Object> other = Map.of("categoryCode", "labour-wages", "locationCode", county,
                "summary", "另一件事", "petitioner", Bodies.person("韩梅", Bodies.mobile(), null));
        given().auth().oauth2(TestTokens.clerk()).contentType(ContentType.JSON).header("Idempotency-Key", key)
                .body(other).post(registration).then().statusCode(422)
                .body("type", equalTo("https://petitions.gov.example/problems/idempotency-key-reused"));
        given().auth().oauth2(TestTokens.clerk()).contentType(ContentType.JSON).body(visit).post(registration)
                .then().statusCode(409).body("type", equalTo("https://petitions.gov.example/problems/ticket-not-called"));
        assertEquals(1, petitions() - before);
    }

    private static long petitions() {
        return QuarkusTransaction.requiringNew().call(() -> Petition.count());
    }

    private static long outboxRowsFor(String petitionId) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) Petition.getEntityManager()
                .createNativeQuery("select count(*) from outbox_event where record_key = :key")
                .setParameter("key", petitionId).getSingleResult()).longValue());
    }
}

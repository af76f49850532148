package gov.petitions.intake;

import gov.petitions.testing.TestSecrets;
import gov.petitions.testing.TestTokens;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

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

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** A client retry with the same Idempotency-Key never creates a second petition, not even when retries race. */
@QuarkusTest
@QuarkusTestResource(TestSecrets.class)
class IdempotencyKeyTest {

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
    void onlineSubmissionsAndTicketsHonourTheKeyToo() {
        String key = UUID.randomUUID().toString();
        Map<String, Object> online = Map.of("categoryCode", "education", "locationCode", "340102",
                "summary", "网上信访重试", "petitioner", Bodies.person("韩梅", Bodies.mobile(), null));
        String first = given().contentType(ContentType.JSON).header("Idempotency-Key", key).body(online)
                .post("/public/petitions").then().statusCode(201).extract().path("petitionId");
        given().contentType(ContentType.JSON).header("Idempotency-Key", key).body(online)
                .post("/public/petitions").then().statusCode(201).header("Idempotent-Replayed", "true")
                .body("petitionId", equalTo(first));
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

package gov.petitions.intake;

import gov.petitions.testing.TestSecrets;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import jakarta.inject.Inject;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue #17 item 4, the challenge on the online form: with intake.challenge.verify-url set (here a local stand-in for
 * the provider's siteverify, {@link ChallengeVerifierStandIn}), an online petition is registered only after the
 * provider said {@code "success": true} for the token in Petitions-Challenge; without a token or with a refused one
 * it is 403, with the verifier down, failing or slow it is 503 with Retry-After, and a refusal leaves nothing behind:
 * no petition, no event, no claimed Idempotency-Key, nothing counted against the phone number. Off by default: the
 * other test classes register without any token.
 */
@QuarkusTest
@TestProfile(AbuseLimitsTest.LowLimits.class)
@QuarkusTestResource(TestSecrets.class)
class HumanChallengeTest {

    private static final AtomicInteger CLIENTS = new AtomicInteger(ThreadLocalRandom.current().nextInt(1 << 16));

    private static String newClient() {
        int n = CLIENTS.incrementAndGet();
        return "198.19." + ((n >> 8) & 0xff) + "." + (n & 0xff);
    }

    private static Map<String, Object> online(String phone) {
        return Map.of("categoryCode", "education", "locationCode", "340102", "summary", "人机验证测试",
                "petitioner", Bodies.person("验证人", phone, null));
    }

    private static RequestSpecification as(String client) {
        return given().header("X-Forwarded-For", client).contentType(ContentType.JSON);
    }

    private static Response submit(String client, String token, Object body) {
        RequestSpecification request = as(client);
        if (token != null) {
            request = request.header("Petitions-Challenge", token);
        }
        return request.body(body).post("/public/petitions");
    }

    private static long count(String sql) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) Petition.getEntityManager()
                .createNativeQuery(sql).getSingleResult()).longValue());
    }

    private static long petitions() {
        return count("select count(*) from petition");
    }

    private static long events() {
        return count("select count(*) from outbox_event where topic = 'petition.registered'");
    }

    private static void assertProblem(Response response, int status, String type) {
        assertEquals(status, response.statusCode(), response.asString());
        assertTrue(response.contentType().startsWith("application/problem+json"), response.contentType());
        assertEquals("https://petitions.gov.example/problems/" + type, response.path("type"));
    }

    private static void assertUnavailable(Response response) {
        assertProblem(response, 503, "challenge-unavailable");
        String retryAfter = response.header("Retry-After");
        assertNotNull(retryAfter, "503 says when to come back");
        assertTrue(Long.parseLong(retryAfter) >= 1, retryAfter);
    }

    @Inject
    CircuitBreakerMaintenance breakers;

    /** The circuit closed and counting afresh: the calls of AbuseLimitsTest (same profile) fill its window too. */
    @BeforeEach
    void circuitClosed() {
        breakers.resetAll();
    }

    /** The verifier up and its circuit closed: the failures one test provokes must not open it for the next. */
    @AfterEach
    void verifierUpAgain() {
        ChallengeVerifierStandIn.mode("up");
        breakers.resetAll();
    }

    @Test
    void aVerifiedSubmissionIsRegisteredAndTheProviderReceivedTheForm() {
        String client = newClient();
        long before = petitions();
        int asked = ChallengeVerifierStandIn.requests();
        Response response = submit(client, "good-token-" + UUID.randomUUID(), online(Bodies.mobile()));
        assertEquals(201, response.statusCode(), response.asString());
        assertNotNull(response.path("trackingNumber"));
        assertEquals(before + 1, petitions());
        assertEquals(asked + 1, ChallengeVerifierStandIn.requests(), "one verification per submission");

        Map<String, String> form = ChallengeVerifierStandIn.lastForm();
        assertEquals(ChallengeVerifierStandIn.SECRET, form.get("secret"));
        assertTrue(form.get("response").startsWith("good-token-"), form.toString());
        assertEquals(client, form.get("remoteip"), "the citizen's address, as the trusted proxy gave it");
        assertEquals(List.of("secret", "response", "remoteip"), List.copyOf(form.keySet()));
    }

    @Test
    void aRefusedTokenIs403AndLeavesNothingBehind() {
        String phone = Bodies.mobile();
        String key = UUID.randomUUID().toString();
        long petitionsBefore = petitions();
        long eventsBefore = events();
        int asked = ChallengeVerifierStandIn.requests();
        for (int i = 0; i < 3; i++) {
            Response refused = as(newClient()).header("Petitions-Challenge", "bad-token-" + i)
                    .header("Idempotency-Key", key).body(online(phone)).post("/public/petitions");
            assertProblem(refused, 403, "challenge-failed");
        }
        assertEquals(asked + 3, ChallengeVerifierStandIn.requests(), "each token was really asked about");
        assertEquals(petitionsBefore, petitions(), "nothing registered");
        assertEquals(eventsBefore, events(), "nothing published");

        // the refusals claimed no Idempotency-Key: the same key with another body is a first request, not a reuse
        Map<String, Object> other = Map.of("categoryCode", "education", "locationCode", "340102", "summary",
                "另一件事", "petitioner", Bodies.person("验证人", phone, null));
        as(newClient()).header("Petitions-Challenge", "good-1").header("Idempotency-Key", key).body(other)
                .post("/public/petitions").then().statusCode(201);
        // and counted nothing against the phone number (two a day in this profile): three refusals, then two more
        submit(newClient(), "good-2", online(phone)).then().statusCode(201);
        assertEquals(429, submit(newClient(), "good-3", online(phone)).statusCode(), "the allowance still counts");
        assertEquals(petitionsBefore + 2, petitions());
    }

    @Test
    void noTokenOrAMalformedOneIs403WithoutAskingTheProviderAndBeforeTheBodyIsRead() {
        long before = petitions();
        int asked = ChallengeVerifierStandIn.requests();
        assertProblem(submit(newClient(), null, online(Bodies.mobile())), 403, "challenge-failed");
        assertProblem(submit(newClient(), "", online(Bodies.mobile())), 403, "challenge-failed");
        assertProblem(submit(newClient(), "tab\there", online(Bodies.mobile())), 403, "challenge-failed");
        assertProblem(submit(newClient(), "x".repeat(4097), online(Bodies.mobile())), 403, "challenge-failed");
        // a body that is not even JSON gets the same answer: nothing is done with it before the challenge
        assertProblem(as(newClient()).body("{\"summary\": ").post("/public/petitions"), 403, "challenge-failed");
        assertProblem(as(newClient()).header("Idempotency-Key", "\u0001bad").body("{}").post("/public/petitions"),
                403, "challenge-failed");
        assertEquals(asked, ChallengeVerifierStandIn.requests(), "nothing worth asking about");
        assertEquals(before, petitions());
    }

    @Test
    void evaluationsAndReviewRequestsAskForATokenTooWhenFollowUpsAreOn() {
        Map<String, Object> evaluation = Map.of("trackingNumber", "XF20260101000000001", "queryCode", "ABCDEFGHJKMNP",
                "satisfied", true);
        // without a token the tracking number is never looked at: 403, not 404
        assertProblem(as(newClient()).body(evaluation).post("/public/evaluations"), 403, "challenge-failed");
        assertProblem(as(newClient()).body(Map.of("trackingNumber", "XF20260101000000001", "queryCode", "ABCDEFGHJKMNP",
                "reason", "不服")).post("/public/review-requests"), 403, "challenge-failed");
        // with one, the request goes on to its usual answer
        assertEquals(404, as(newClient()).header("Petitions-Challenge", "good-e").body(evaluation)
                .post("/public/evaluations").statusCode());
        // status look-ups are reads behind the query code and its lockout: no challenge
        assertEquals(404, as(newClient()).body(Map.of("trackingNumber", "XF20260101000000001", "queryCode", "ABCDEFGHJKMNP"))
                .post("/public/status-lookups").statusCode());
    }

    @Test
    void aVerifierThatIsDownFailingOrSlowIs503WithRetryAfterAndNothingRegistered() {
        long petitionsBefore = petitions();
        long eventsBefore = events();

        ChallengeVerifierStandIn.mode("down");
        assertUnavailable(submit(newClient(), "good-down", online(Bodies.mobile())));

        ChallengeVerifierStandIn.mode("error");
        assertUnavailable(submit(newClient(), "good-error", online(Bodies.mobile())));

        ChallengeVerifierStandIn.mode("slow");
        long started = System.nanoTime();
        assertUnavailable(submit(newClient(), "good-slow", online(Bodies.mobile())));
        long tookMillis = (System.nanoTime() - started) / 1_000_000;
        assertTrue(tookMillis < 4_000, "the answer comes after intake.challenge.timeout (1 s), not the verifier's 5 s: " + tookMillis);

        assertEquals(petitionsBefore, petitions(), "never a registration without verification");
        assertEquals(eventsBefore, events());

        ChallengeVerifierStandIn.mode("up");
        submit(newClient(), "good-again", online(Bodies.mobile())).then().statusCode(201);
    }

    @Test
    void aVerifierRefusingOurSecretIsOurFaultNotTheCitizens() {
        // a wrong intake.challenge.secret: the provider says success false with invalid-input-secret
        ChallengeVerifierStandIn.mode("wrong-secret");
        long before = petitions();
        assertUnavailable(submit(newClient(), "good-but-our-secret-is-wrong", online(Bodies.mobile())));
        assertEquals(before, petitions());
    }
}

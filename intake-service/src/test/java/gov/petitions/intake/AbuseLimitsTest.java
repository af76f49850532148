package gov.petitions.intake;

import gov.petitions.testing.MovableClock;
import gov.petitions.testing.TestSecrets;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue #17 item 4: each abuse limit on the public endpoints, with the limits of {@link LowLimits}. Every request
 * names its client with X-Forwarded-For (trusted in this profile) so that tests do not share buckets, and carries a
 * challenge token the verifier's stand-in accepts: the profile has the challenge on as well, for
 * {@link HumanChallengeTest} (one profile for both, one build of the application fewer; docs/testing.md).
 */
@QuarkusTest
@TestProfile(AbuseLimitsTest.LowLimits.class)
@QuarkusTestResource(TestSecrets.class)
class AbuseLimitsTest {

    public static class LowLimits implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.ofEntries(
                    Map.entry("intake.abuse.trust-forwarded-for", "true"),
                    Map.entry("intake.abuse.per-client-capacity", "8"),
                    Map.entry("intake.abuse.per-client-period", "PT1M"),
                    Map.entry("intake.abuse.per-tracking-number-capacity", "10"),
                    Map.entry("intake.abuse.per-tracking-number-period", "PT1M"),
                    Map.entry("intake.abuse.lockout-after", "3"),
                    Map.entry("intake.abuse.lockout-duration", "PT2S"),
                    Map.entry("intake.abuse.lockout-max", "PT1M"),
                    Map.entry("intake.abuse.submissions-per-phone-per-day", "2"),
                    // the human challenge on the online form and the follow-ups (HumanChallengeTest)
                    Map.entry("intake.challenge.timeout", "PT1S"),
                    Map.entry("intake.challenge.follow-ups", "true"));
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(ChallengeVerifierStandIn.class));
        }
    }

    /** The lock-outs' time: moved past each lock rather than waited for */
    @Inject
    MovableClock clock;

    @AfterEach
    void realTime() {
        clock.reset();
    }

    private static final AtomicInteger CLIENTS = new AtomicInteger(ThreadLocalRandom.current().nextInt(1 << 20));

    /** A fresh client address (TEST-NET ranges and documentation IPv6). */
    private static String newClient() {
        int n = CLIENTS.incrementAndGet();
        return "198.18." + ((n >> 8) & 0xff) + "." + (n & 0xff);
    }

    private static RequestSpecification from(String client) {
        // what the client writes first is ignored: the trusted proxy's entry is the last
        return given().header("X-Forwarded-For", "10.9.9.9, " + client)
                .header("Petitions-Challenge", "good-" + UUID.randomUUID());
    }

    private static Map<String, Object> online(String phone) {
        return Map.of("categoryCode", "education", "locationCode", "340102", "summary", "限流测试",
                "petitioner", Bodies.person("测试人", phone, null));
    }

    private static io.restassured.path.json.JsonPath submit(String phone) {
        return from(newClient()).contentType(ContentType.JSON).body(online(phone)).post("/public/petitions")
                .then().statusCode(201).extract().jsonPath();
    }

    private static Response lookUp(String client, String trackingNumber, String code) {
        return from(client).contentType(ContentType.JSON).body(Map.of("trackingNumber", trackingNumber, "queryCode", code))
                .post("/public/status-lookups");
    }

    private static void assertTooMany(Response response, String type) {
        assertEquals(429, response.statusCode(), response.asString());
        assertTrue(response.contentType().startsWith("application/problem+json"));
        assertEquals("https://petitions.gov.example/problems/" + type, response.path("type"));
        String retryAfter = response.header("Retry-After");
        assertNotNull(retryAfter, "429 says when to come back");
        assertTrue(Long.parseLong(retryAfter) >= 1, retryAfter);
    }

    @Test
    void everyPublicEndpointIsLimitedPerClientAddress() {
        for (String path : new String[]{"/categories", "/public/reception-sessions"}) {
            String client = newClient();
            int served = 0;
            Response response;
            while ((response = from(client).get(path)).statusCode() == 200) {
                served++;
                assertTrue(served <= 8, "the bucket holds 8");
            }
            assertEquals(8, served, path);
            assertTooMany(response, "rate-limited");
            // what the client itself puts in front of the proxy's entry does not buy a new bucket
            assertEquals(429, given().header("X-Forwarded-For", "203.0.113.77, " + client).get(path).statusCode());
            from(newClient()).get(path).then().statusCode(200); // another client has its own bucket
        }
        // the POSTs share the client's bucket, whatever they carry
        String client = newClient();
        int answered = 0;
        Response response;
        while ((response = lookUp(client, "XF2026010100" + (1000 + answered), "ABCDEFGHJKMNP")).statusCode() != 429) {
            answered++;
            assertTrue(answered <= 8);
        }
        assertEquals(8, answered);
        assertTooMany(response, "rate-limited");
    }

    @Test
    void lookUpsAreLimitedPerTrackingNumberWhoeverAsks() {
        var receipt = submit(Bodies.mobile());
        String tracking = receipt.getString("trackingNumber");
        String code = receipt.getString("queryCode");
        int served = 0;
        Response response;
        while ((response = lookUp(newClient(), tracking, code)).statusCode() == 200) {
            served++;
            assertTrue(served <= 10);
        }
        assertEquals(10, served, "ten look-ups a minute for one tracking number, from ten different addresses");
        assertTooMany(response, "rate-limited");
    }

    @Test
    void wrongQueryCodesLockTheTrackingNumberWithBackoffAndTheRightCodeDoesNotWorkWhileLocked() throws Exception {
        var receipt = submit(Bodies.mobile());
        String tracking = receipt.getString("trackingNumber");
        String code = receipt.getString("queryCode");
        String wrong = code.charAt(0) == 'A' ? "B" + code.substring(1) : "A" + code.substring(1);
        for (int i = 0; i < 3; i++) {
            assertEquals(404, lookUp(newClient(), tracking, wrong).statusCode());
        }
        Response locked = lookUp(newClient(), tracking, code);
        assertTooMany(locked, "query-code-locked");
        assertEquals(2, Long.parseLong(locked.header("Retry-After")), "the first lock is intake.abuse.lockout-duration");
        clock.advance(Duration.ofMillis(2200));

        // three wrong again: the second lock is twice as long
        for (int i = 0; i < 3; i++) {
            assertEquals(404, lookUp(newClient(), tracking, wrong).statusCode());
        }
        locked = lookUp(newClient(), tracking, code);
        assertTooMany(locked, "query-code-locked");
        assertEquals(4, Long.parseLong(locked.header("Retry-After")), "doubled");
        clock.advance(Duration.ofMillis(4200));
        assertEquals(200, lookUp(newClient(), tracking, code).statusCode(), "after the lock the right code works");
    }

    @Test
    void queryCodesHaveAtLeast60BitsAndAreStoredAsKeyedHashes() {
        var receipt = submit(Bodies.mobile());
        String code = receipt.getString("queryCode");
        assertTrue(code.matches("^[A-HJKMNP-Z2-9]{13}$"), code);
        assertTrue(13 * Math.log(31) / Math.log(2) >= 60, "13 characters of 31 are 64 bits");
        String stored = QuarkusTransaction.requiringNew().call(() -> (String) Petition.getEntityManager()
                .createNativeQuery("select query_code_mac from petition where id = :id")
                .setParameter("id", UUID.fromString(receipt.getString("petitionId"))).getSingleResult());
        assertTrue(stored.matches("^[0-9a-f]{64}$"));
        assertNotEquals(sha256(code), stored, "no unsalted hash");
        assertNotEquals(sha256(sha256(code)), stored);
    }

    @Test
    void aReplayedRegistrationGetsTheSameCodeAndTheCodeKeepsWorking() {
        String key = UUID.randomUUID().toString();
        Map<String, Object> body = online(Bodies.mobile());
        var first = from(newClient()).contentType(ContentType.JSON).header("Idempotency-Key", key).body(body)
                .post("/public/petitions").then().statusCode(201).extract().jsonPath();
        from(newClient()).contentType(ContentType.JSON).header("Idempotency-Key", key).body(body)
                .post("/public/petitions").then().statusCode(201).header("Idempotent-Replayed", "true")
                .body("petitionId", equalTo(first.getString("petitionId")))
                .body("queryCode", equalTo(first.getString("queryCode")));
        assertEquals(200, lookUp(newClient(), first.getString("trackingNumber"), first.getString("queryCode")).statusCode());
    }

    @Test
    void onlineSubmissionsArePerPhoneNumberPerDay() {
        String phone = Bodies.mobile();
        submit(phone);
        submit(phone);
        long before = QuarkusTransaction.requiringNew().call(() -> Petition.count());
        Response third = from(newClient()).contentType(ContentType.JSON).body(online(phone)).post("/public/petitions");
        assertTooMany(third, "submissions-per-phone");
        assertTrue(Long.parseLong(third.header("Retry-After")) <= 24 * 3600, "until the next China day");
        assertEquals(before, (long) QuarkusTransaction.requiringNew().call(() -> Petition.count()), "nothing registered");
        submit(Bodies.mobile()); // another number is not affected
        from(newClient()).contentType(ContentType.JSON).body(online(phone)).post("/public/petitions").then().statusCode(429)
                .body("status", equalTo(429)).header("Retry-After", matchesPattern("^[0-9]+$"));
    }

    private static String sha256(String value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}

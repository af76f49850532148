package gov.petitions.intake;

import gov.petitions.testing.TestSecrets;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The petitioner's door to supervision (status look-ups, evaluations, review requests) through the typed client and
 * its fault tolerance, against a local stand-in ({@link SupervisionStandIn}): answers pass through with intake's
 * service token, refusals as supervision gave them; a supervision that hangs or fails is 503 tracking-unavailable
 * with Retry-After after intake.supervision.timeout, never a 500; failing repeatedly, its circuit opens (503 at once,
 * without asking) and closes again once supervision answers.
 */
@QuarkusTest
@TestProfile(SupervisionCallsTest.SupervisionConfigured.class)
@QuarkusTestResource(TestSecrets.class)
class SupervisionCallsTest {

    public static class SupervisionConfigured implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // the circuit is tried again after 1 s here (5 s in service)
            return Map.of(
                    "quarkus.fault-tolerance.\"gov.petitions.intake.client.SupervisionCalls/progress\".circuit-breaker.delay", "1000",
                    "quarkus.fault-tolerance.\"gov.petitions.intake.client.SupervisionCalls/progress\".circuit-breaker.delay-unit", "millis");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(SupervisionStandIn.class));
        }
    }

    @Inject
    CircuitBreakerMaintenance breakers;

    @AfterEach
    void supervisionUpAgain() {
        SupervisionStandIn.mode("up");
        breakers.resetAll();
    }

    /** An online petition: its tracking number and query code. */
    private static JsonPath registered() {
        return given().contentType(ContentType.JSON).body(Map.of("categoryCode", "education", "locationCode", "340102",
                        "summary", "查询进度", "petitioner", Bodies.person("查询人", Bodies.mobile(), null)))
                .post("/public/petitions").then().statusCode(201).extract().jsonPath();
    }

    private static Response lookUp(JsonPath petition) {
        return given().contentType(ContentType.JSON).body(Map.of("trackingNumber", petition.getString("trackingNumber"),
                "queryCode", petition.getString("queryCode"))).post("/public/status-lookups");
    }

    private static void assertUnavailable(Response response) {
        assertEquals(503, response.statusCode(), response.asString());
        assertTrue(response.contentType().startsWith("application/problem+json"), response.contentType());
        assertEquals("https://petitions.gov.example/problems/tracking-unavailable", response.path("type"));
        assertEquals("5", response.header("Retry-After"), "503 says when to come back");
    }

    @Test
    void progressAndRefusalsPassThroughWithTheServiceToken() {
        JsonPath petition = registered();
        Response status = lookUp(petition);
        assertEquals(200, status.statusCode(), status.asString());
        assertEquals("ACCEPTED", status.path("status"), "the stand-in answers 401 without a bearer token");
        assertEquals("已受理 (accepted)", status.path("statusText"));

        given().contentType(ContentType.JSON).body(Map.of("trackingNumber", petition.getString("trackingNumber"),
                        "queryCode", petition.getString("queryCode"), "satisfied", true))
                .post("/public/evaluations").then().statusCode(200);
        Response refused = given().contentType(ContentType.JSON).body(Map.of("trackingNumber", petition.getString("trackingNumber"),
                "queryCode", petition.getString("queryCode"), "reason", "不服")).post("/public/review-requests");
        assertEquals(422, refused.statusCode(), refused.asString());
        assertEquals("https://petitions.gov.example/problems/review-window-closed", refused.path("type"));
        assertEquals("30 days have passed", refused.path("detail"));
    }

    @Test
    void aSupervisionThatHangsIs503AfterTheTimeoutAndIsNotAskedAgain() {
        JsonPath petition = registered();
        SupervisionStandIn.mode("hang");
        int before = SupervisionStandIn.requests();
        long started = System.nanoTime();
        assertUnavailable(lookUp(petition));
        long tookMillis = (System.nanoTime() - started) / 1_000_000;
        assertTrue(tookMillis >= 900 && tookMillis < 4_000,
                "after intake.supervision.timeout (1 s), not the stand-in's 5 s: " + tookMillis);
        assertEquals(before + 1, SupervisionStandIn.requests(), "a time-out is not retried");

        // a review request too: 503 with Retry-After, never a 500
        assertUnavailable(given().contentType(ContentType.JSON).body(Map.of("trackingNumber", petition.getString("trackingNumber"),
                "queryCode", petition.getString("queryCode"), "reason", "不服")).post("/public/review-requests"));
    }

    @Test
    void failingRepeatedlyTheCircuitOpensAnswersAtOnceAndClosesWhenSupervisionIsBack() throws InterruptedException {
        JsonPath petition = registered();
        SupervisionStandIn.mode("error");
        int before = SupervisionStandIn.requests();
        assertUnavailable(lookUp(petition));
        assertEquals(before + 2, SupervisionStandIn.requests(), "a failed read is retried once");
        assertUnavailable(lookUp(petition));
        assertEquals(before + 4, SupervisionStandIn.requests());
        assertEquals(CircuitBreakerState.OPEN, breakers.currentState("supervision-progress"), "four failures of four");

        // open: answered at once, supervision is not asked at all, even once it is back
        SupervisionStandIn.mode("up");
        long started = System.nanoTime();
        assertUnavailable(lookUp(petition));
        assertTrue((System.nanoTime() - started) / 1_000_000 < 500, "a fast failure");
        assertEquals(before + 4, SupervisionStandIn.requests(), "nothing sent while the circuit is open");

        // after the delay (1 s here) one trial goes through, succeeds, and the circuit closes
        Thread.sleep(1_300);
        Response back = lookUp(petition);
        assertEquals(200, back.statusCode(), back.asString());
        assertEquals("ACCEPTED", back.path("status"));
        assertEquals(CircuitBreakerState.CLOSED, breakers.currentState("supervision-progress"));
        assertEquals(before + 5, SupervisionStandIn.requests());
        lookUp(petition).then().statusCode(200);
    }
}

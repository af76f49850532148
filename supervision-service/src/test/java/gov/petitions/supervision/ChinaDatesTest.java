package gov.petitions.supervision;

import gov.petitions.testing.KafkaProbe;
import gov.petitions.testing.MovableClock;
import gov.petitions.testing.TestSecrets;
import gov.petitions.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

/**
 * Issue 18, item 2 (supervision's side): one clock, China's dates. At 16:30 UTC it is already 00:30 the next day in
 * Hefei: a petition registered then was received on that next day, a deadline counted from then falls on China's
 * date, and every timestamp reads as China's wall time.
 */
@QuarkusTest
@QuarkusTestResource(TestSecrets.class)
class ChinaDatesTest {

    @Inject
    MovableClock clock;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void atHalfPastFourUtcEveryDateAPersonSeesIsTheNextDayInChina() throws Exception {
        clock.moveTo(Instant.parse("2026-12-04T16:30:00Z")); // 2026-12-05 00:30 in China
        String id = UUID.randomUUID().toString();
        OffsetDateTime registeredAt = OffsetDateTime.parse("2026-12-04T16:30:01Z");
        KafkaProbe.send("petition.registered", id, "gov.petition.petition.registered.v1", UUID.randomUUID(),
                LedgerFlowTest.registered(id, registeredAt));
        KafkaProbe.send("case.assigned", id, "gov.petition.case.assigned.v1", UUID.randomUUID(),
                LedgerFlowTest.assigned(id, registeredAt, 1, "341302-RSJ"));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().auth().oauth2(TestTokens.auditor()).get("/ledger/" + id).then().statusCode(200)
                        .body("status", equalTo("ASSIGNED")).body("personCount", equalTo(4)));
        given().auth().oauth2(TestTokens.auditor()).get("/ledger/" + id).then()
                .body("receivedOn", equalTo("2026-12-05"))
                .body("registeredAt", equalTo("2026-12-05T00:30:01+08:00"))
                .body("acceptanceDueAt", equalTo("2026-12-20T00:30:01+08:00"));

        // accepted at 00:30 on the 5th in China: 60 days to 2027-02-03 (in UTC still the 2nd)
        given().auth().oauth2(TestTokens.handler("341302-RSJ")).contentType(ContentType.JSON).body(Map.of("accepted", true))
                .post("/cases/" + id + "/decision").then().statusCode(200)
                .body("dueAt", startsWith("2027-02-03T00:30")).body("dueAt", org.hamcrest.Matchers.endsWith("+08:00"));
        given().auth().oauth2(TestTokens.handler("341302-RSJ")).contentType(ContentType.JSON).body(Map.of("text", "答复"))
                .post("/cases/" + id + "/reply").then().statusCode(200);
        given().auth().oauth2(TestTokens.service()).queryParam("status", "REPLIED").get("/cases/" + id + "/written-decision")
                .then().statusCode(200).body("decidedAt", startsWith("2026-12-05T00:30"));
        given().auth().oauth2(TestTokens.auditor()).get("/ledger/" + id).then()
                .body("handlingDueAt", startsWith("2027-02-03T00:30"))
                .body("timeline[-1].at", startsWith("2026-12-05T00:30"))
                .body("timeline[-1].toStatus", equalTo("REPLIED"));
    }
}

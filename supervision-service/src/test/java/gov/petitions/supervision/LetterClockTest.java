package gov.petitions.supervision;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import gov.petitions.testing.Contracts;
import gov.petitions.testing.KafkaProbe;
import gov.petitions.testing.MovableClock;
import gov.petitions.testing.TestSecrets;
import gov.petitions.testing.TestTokens;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Issue 18, item 4: a letter's clocks start at receipt (收信日期), not at its registration. 《信访工作条例》 counts the
 * 15 days to decide on acceptance from receipt; a letter registered late has only what is left, and none left is
 * overdue at once. Whatever the channel, a registration arriving after its assignment counts the acceptance clock
 * again by what it tells (the channel's calendar, a letter's receipt).
 */
@QuarkusTest
@QuarkusTestResource(TestSecrets.class)
class LetterClockTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");

    private static KafkaProbe breaches;
    private static KafkaProbe escalations;

    @Inject
    MovableClock clock;

    @BeforeAll
    static void open() {
        breaches = KafkaProbe.open("case.deadline-breached");
        escalations = KafkaProbe.open("case.escalation-requested");
    }

    @AfterAll
    static void close() {
        breaches.close();
        escalations.close();
    }

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    /** petition.registered of a letter received on {@code receivedOn}. */
    static String letter(String id, OffsetDateTime registeredAt, LocalDate receivedOn) throws Exception {
        ObjectNode data = (ObjectNode) JSON.readTree(LedgerFlowTest.registered(id, registeredAt));
        data.put("channel", "LETTER").put("receivedOn", receivedOn.toString());
        String json = JSON.writeValueAsString(data);
        Contracts.assertValid("petition.registered", json);
        return json;
    }

    @Test
    void aLetterReceivedOnTheTwentyFifthAndRegisteredOnDecemberFourthIsDueOnTheTenth() throws Exception {
        clock.moveTo(Instant.parse("2026-12-04T02:00:00Z")); // 10:00 on 12-04 in Hefei
        OffsetDateTime registeredAt = OffsetDateTime.parse("2026-12-04T10:00:05+08:00");
        String id = UUID.randomUUID().toString();
        String category = "letter-" + id.substring(0, 8); // this run's own, so the unit's queue page holds it
        KafkaProbe.send("petition.registered", id, "gov.petition.petition.registered.v1", UUID.randomUUID(),
                letter(id, registeredAt, LocalDate.parse("2026-11-25")).replace("labour-wages", category));
        KafkaProbe.send("case.assigned", id, "gov.petition.case.assigned.v1", UUID.randomUUID(),
                LedgerFlowTest.assigned(id, registeredAt, 1, "341302-RSJ").replace("labour-wages", category));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().auth().oauth2(TestTokens.auditor()).get("/ledger/" + id).then().statusCode(200)
                        .body("status", equalTo("ASSIGNED")).body("receivedOn", equalTo("2026-11-25")));
        // 15 days from receipt (11-25), not from registration (which gave 12-19)
        given().auth().oauth2(TestTokens.auditor()).get("/ledger/" + id).then()
                .body("acceptanceDueAt", equalTo("2026-12-10T00:00:00+08:00"))
                .body("registeredAt", equalTo("2026-12-04T10:00:05+08:00"));
        // the unit's queue shows the same deadline
        given().auth().oauth2(TestTokens.handler("341302-RSJ")).queryParam("category", category).get("/cases/queue").then()
                .statusCode(200).body("items.find { it.petitionId == '" + id + "' }.dueAt", equalTo("2026-12-10T00:00:00+08:00"));
    }

    @Test
    void theReceiptCountsAlsoWhenTheAssignmentArrivesFirst() throws Exception {
        clock.moveTo(Instant.parse("2026-12-04T02:00:00Z"));
        OffsetDateTime registeredAt = OffsetDateTime.parse("2026-12-04T10:00:05+08:00");
        String id = UUID.randomUUID().toString();
        KafkaProbe.send("case.assigned", id, "gov.petition.case.assigned.v1", UUID.randomUUID(),
                LedgerFlowTest.assigned(id, registeredAt, 1, "341302-RSJ"));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().auth().oauth2(TestTokens.auditor()).get("/ledger/" + id).then().statusCode(200)
                        .body("status", equalTo("ASSIGNED")).body("acceptanceDueAt", equalTo("2026-12-19T10:00:05+08:00")));
        KafkaProbe.send("petition.registered", id, "gov.petition.petition.registered.v1", UUID.randomUUID(),
                letter(id, registeredAt, LocalDate.parse("2026-11-25")));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().auth().oauth2(TestTokens.auditor()).get("/ledger/" + id).then().statusCode(200)
                        .body("receivedOn", equalTo("2026-11-25"))
                        .body("acceptanceDueAt", equalTo("2026-12-10T00:00:00+08:00")));
    }

    @Test
    void aLetterWhoseFifteenDaysRanOutBeforeItWasRegisteredIsOverdueAtOnce() throws Exception {
        OffsetDateTime registeredAt = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MILLIS);
        LocalDate receivedOn = LocalDate.now(CHINA).minusDays(40);
        String id = UUID.randomUUID().toString();
        KafkaProbe.send("petition.registered", id, "gov.petition.petition.registered.v1", UUID.randomUUID(),
                letter(id, registeredAt, receivedOn));
        KafkaProbe.send("case.assigned", id, "gov.petition.case.assigned.v1", UUID.randomUUID(),
                LedgerFlowTest.assigned(id, registeredAt, 1, "341302-RSJ"));

        // the scanner finds the acceptance clock run out and says so on the broker, then asks for escalation
        JsonNode breach = Contracts.assertValidRecord("case.deadline-breached", breaches.awaitKey(id, Duration.ofSeconds(40)));
        assertEquals("ACCEPTANCE", breach.get("clock").asText());
        assertEquals("341302-RSJ", breach.get("unitCode").asText());
        assertEquals(receivedOn.plusDays(15).atStartOfDay(CHINA).toInstant(),
                OffsetDateTime.parse(breach.get("dueAt").asText()).toInstant());
        JsonNode escalation = Contracts.assertValidRecord("case.escalation-requested", escalations.awaitKey(id, Duration.ofSeconds(20)));
        assertEquals("DEADLINE_BREACHED", escalation.get("reason").asText());
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                given().auth().oauth2(TestTokens.auditor()).get("/ledger/" + id).then().statusCode(200)
                        .body("status", equalTo("ESCALATED")));
    }

    @Test
    void aHotlineRegistrationArrivingAfterItsAssignmentGetsTheWorkingDayClockOverTheWeekends() throws Exception {
        clock.moveTo(Instant.parse("2026-12-04T02:00:00Z")); // Friday 10:00 in Hefei
        OffsetDateTime registeredAt = OffsetDateTime.parse("2026-12-04T10:00:05+08:00");
        String id = UUID.randomUUID().toString();
        KafkaProbe.send("case.assigned", id, "gov.petition.case.assigned.v1", UUID.randomUUID(),
                LedgerFlowTest.assigned(id, registeredAt, 1, "341302-RSJ"));
        // not knowing the channel yet, the clock counts 15 calendar days
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().auth().oauth2(TestTokens.auditor()).get("/ledger/" + id).then().statusCode(200)
                        .body("status", equalTo("ASSIGNED")).body("acceptanceDueAt", equalTo("2026-12-19T10:00:05+08:00")));

        ObjectNode hotline = (ObjectNode) JSON.readTree(LedgerFlowTest.registered(id, registeredAt));
        hotline.put("channel", "HOTLINE").remove("receivedOn");
        Contracts.assertValid("petition.registered", hotline.toString());
        KafkaProbe.send("petition.registered", id, "gov.petition.petition.registered.v1", UUID.randomUUID(), hotline.toString());

        // 15 working days from Friday 4 December, skipping three weekends: Friday 25 December
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().auth().oauth2(TestTokens.auditor()).get("/ledger/" + id).then().statusCode(200)
                        .body("personCount", equalTo(4))
                        .body("acceptanceDueAt", equalTo("2026-12-25T10:00:05+08:00")));
        // and the scanner's clock with it: the running acceptance deadline and its warning moved too
        Deadline running = QuarkusTransaction.requiringNew().call(() -> Deadline.<Deadline>find(
                "petitionId = ?1 and clock = ?2 and stoppedAt is null", UUID.fromString(id), Deadline.Clock.ACCEPTANCE).singleResult());
        assertEquals(Instant.parse("2026-12-25T02:00:05Z"), running.dueAt.toInstant());
        assertEquals(Instant.parse("2026-12-22T02:00:05Z"), running.warnAt.toInstant());
    }
}

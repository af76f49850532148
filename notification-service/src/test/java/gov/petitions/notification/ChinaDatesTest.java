package gov.petitions.notification;

import gov.petitions.testing.MovableClock;
import gov.petitions.testing.TestSecrets;
import gov.petitions.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every date a petitioner or an official reads in a message is China's date (Asia/Shanghai), whatever the zone of
 * the event's timestamp or of the server: 23:30 UTC on the 4th is 07:30 on the 5th in China, 16:30 UTC is 00:30.
 */
@QuarkusTest
@QuarkusTestResource(TestSecrets.class)
@QuarkusTestResource(StandIns.class)
class ChinaDatesTest {

    @Inject
    MovableClock clock;

    @AfterEach
    void realTime() {
        clock.reset();
    }

    private static String smsText(String petitionId, String template) {
        await().atMost(Duration.ofSeconds(60)).until(() -> ChannelsTest.messages(petitionId).stream()
                .anyMatch(m -> template.equals(m.get("template")) && "SMS".equals(m.get("channel"))));
        return (String) ChannelsTest.messages(petitionId).stream()
                .filter(m -> template.equals(m.get("template")) && "SMS".equals(m.get("channel")))
                .findFirst().orElseThrow().get("text");
    }

    @Test
    void theReceiptGivesChinasDateOfARegistrationLateInTheUtcEvening() throws Exception {
        for (String registeredAt : List.of("2026-12-04T23:30:00Z", "2026-12-04T16:30:00Z", "2026-12-05T00:30:00+08:00")) {
            String petitionId = UUID.randomUUID().toString();
            Events.registeredAt(petitionId, UUID.randomUUID().toString(), "XF20261205"
                    + Events.trackingNumber().substring(10), registeredAt);
            String text = smsText(petitionId, "petition.registered.receipt");
            assertTrue(text.contains("已于2026-12-05登记"), registeredAt + ": " + text);
        }
    }

    @Test
    void theDueDateOfAStepIsChinasDate() throws Exception {
        String petitionId = UUID.randomUUID().toString();
        String number = Events.trackingNumber();
        Events.registered(petitionId, UUID.randomUUID().toString(), number);
        await().atMost(Duration.ofSeconds(60)).until(() -> !ChannelsTest.messages(petitionId).isEmpty());
        // midnight and a half in China on 2027-01-26
        Events.statusChanged(petitionId, number, "ASSIGNED", "ACCEPTED", "受理", "2027-01-25T16:30:00Z");
        String text = smsText(petitionId, "case.accepted.petitioner");
        assertTrue(text.contains("办理期限至2027-01-26"), text);
    }

    @Test
    void todaysDigestIsForTodayInChina() {
        clock.moveTo(Instant.parse("2026-12-04T16:30:00Z"));
        given().auth().oauth2(ChannelsTest.admin()).post("/digests/overdue")
                .then().statusCode(200).body("date", equalTo("2026-12-05"));
        clock.moveTo(Instant.parse("2026-12-04T15:30:00Z"));
        given().auth().oauth2(ChannelsTest.admin()).post("/digests/overdue")
                .then().statusCode(200).body("date", equalTo("2026-12-04"));
    }

    @Test
    void aMessagesTimesReadAsChinasWallTime() throws Exception {
        clock.moveTo(Instant.parse("2026-12-04T23:30:00Z"));
        String petitionId = UUID.randomUUID().toString();
        Events.registered(petitionId, UUID.randomUUID().toString(), Events.trackingNumber());
        smsText(petitionId, "petition.registered.receipt");
        Map<String, Object> message = ChannelsTest.messages(petitionId).get(0);
        String createdAt = (String) message.get("createdAt");
        assertTrue(createdAt.startsWith("2026-12-05T07:3") && createdAt.endsWith("+08:00"), createdAt);
        given().auth().oauth2(TestTokens.auditor()).get("/messages/" + message.get("messageId"))
                .then().statusCode(200).body("createdAt", equalTo(createdAt));
    }
}

package gov.petitions.supervision;

import com.fasterxml.jackson.databind.JsonNode;
import gov.petitions.testing.Contracts;
import gov.petitions.testing.KafkaProbe;
import gov.petitions.testing.MovableClock;
import gov.petitions.testing.TestSecrets;
import gov.petitions.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A dedicated team (专班) is reminded of each follow-up date of a leader's minutes ahead of time, once more when a
 * date passes unreported, and not again once the follow-up is reported done.
 */
@QuarkusTest
@QuarkusTestResource(TestSecrets.class)
class FollowUpReminderTest {

    /** The scanner's time: moved past each date rather than waited for */
    @Inject
    MovableClock clock;

    @AfterEach
    void realTime() {
        clock.reset();
    }

    @Test
    void followUpsAreRemindedFlaggedWhenOverdueAndStoppedByAReport() throws Exception {
        try (KafkaProbe reminders = KafkaProbe.open("case.follow-up-due")) {
            String id = CaseLifecycleTest.assignedCase();
            String leader = TestTokens.token("leader-PL03", Set.of("leader"), null, "34");
            OffsetDateTime now = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
            // both dates fall within the default one-day reminder lead, so both are reminded at the next scan
            String first = now.plusSeconds(9).toString();
            String second = now.plusSeconds(18).toString();
            List<Integer> ids = given().auth().oauth2(leader).contentType(ContentType.JSON)
                    .body(Map.of("summary", "现场接访，成立专班限期化解。", "team", List.of("市信访局", "区人社局"),
                            "followUps", List.of(second, first)))
                    .post("/cases/" + id + "/minutes").then().statusCode(200)
                    .extract().path("followUps.followUpId");
            int firstId = ids.get(0);
            int secondId = ids.get(1);

            List<ConsumerRecord<String, String>> dueSoon = reminders.await(
                    r -> r.key().equals(id) && r.value().contains("DUE_SOON"), 2, Duration.ofSeconds(30));
            for (ConsumerRecord<String, String> record : dueSoon) {
                JsonNode event = Contracts.assertValidRecord("case.follow-up-due", record);
                assertEquals("leader-PL03", event.get("leader").asText());
                assertEquals("市信访局、区人社局", event.get("team").asText());
                assertEquals("341302-RSJ", event.get("unitCode").asText());
            }

            // the team reports the second follow-up before its date; the first is left to pass
            given().auth().oauth2(TestTokens.handler("341302-RSJ")).contentType(ContentType.JSON)
                    .body(Map.of("note", "已走访当事人，欠薪已支付一半。"))
                    .post("/cases/" + id + "/follow-ups/" + secondId + "/report").then().statusCode(200)
                    .body("followUps.find { it.followUpId == " + secondId + " }.doneAt", notNullValue())
                    .body("followUps.find { it.followUpId == " + secondId + " }.reportedBy", notNullValue());
            given().auth().oauth2(TestTokens.handler("341302-RSJ")).contentType(ContentType.JSON)
                    .body(Map.of("note", "again")).post("/cases/" + id + "/follow-ups/" + secondId + "/report")
                    .then().statusCode(409).contentType("application/problem+json");
            given().auth().oauth2(TestTokens.handler("340102-RSJ")).contentType(ContentType.JSON)
                    .body(Map.of("note", "not mine")).post("/cases/" + id + "/follow-ups/" + firstId + "/report")
                    .then().statusCode(404);

            clock.advance(Duration.ofSeconds(10)); // past the first date
            JsonNode overdue = Contracts.assertValidRecord("case.follow-up-due", reminders.await(
                    r -> r.key().equals(id) && r.value().contains("OVERDUE"), 1, Duration.ofSeconds(30)).get(0));
            assertEquals(firstId, overdue.get("followUpId").asInt());

            // past the second date and a scan or two: no OVERDUE for the reported one, no second reminder for either
            clock.advance(Duration.ofSeconds(10));
            Thread.sleep(2_500); // a scan (every second in tests) or two
            List<ConsumerRecord<String, String>> all = reminders.settle(r -> r.key().equals(id), Duration.ofSeconds(1));
            assertEquals(3, all.size(), "two reminders and one overdue flag, each once: " + all);

            given().auth().oauth2(leader).get("/cases/" + id + "/leadership").then().statusCode(200)
                    .body("followUps.find { it.followUpId == " + firstId + " }.overdueAt", notNullValue());
            given().auth().oauth2(TestTokens.handler("341302-RSJ")).get("/ledger/" + id).then().statusCode(200)
                    .body("timeline.reason", org.hamcrest.Matchers.hasItem(containsString("专班跟进")));
        }
    }
}

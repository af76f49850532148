package gov.petitions.notification;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import gov.petitions.testing.Contracts;
import gov.petitions.testing.KafkaProbe;
import gov.petitions.testing.TestSecrets;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** case.follow-up-due reminds the unit leading the dedicated team (专班) and the leader, once per stage. */
@QuarkusTest
@QuarkusTestResource(TestSecrets.class)
@QuarkusTestResource(StandIns.class)
class FollowUpReminderTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    static String followUp(String petitionId, String unit, String leader, String stage) throws Exception {
        ObjectNode data = (ObjectNode) JSON.readTree(Contracts.example("case.follow-up-due"));
        data.put("petitionId", petitionId).put("unitCode", unit).put("leader", leader).put("stage", stage);
        String json = JSON.writeValueAsString(data);
        Contracts.assertValid("case.follow-up-due", json);
        return json;
    }

    private static List<Map<String, String>> reminders(String address) {
        return Received.mailsTo(address).stream().filter(m -> m.get("subject").contains("专班跟进")).toList();
    }

    @Test
    void theTeamsUnitAndTheLeaderAreRemindedAndToldWhenOverdue() throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 6).toUpperCase();
        String unit = "341302-FU" + suffix;
        String leader = "leader-fu-" + suffix.toLowerCase();
        String unitMail = "team-" + suffix.toLowerCase() + "@units.gov.example";
        String leaderMail = "leader-" + suffix.toLowerCase() + "@leaders.gov.example";
        given().auth().oauth2(ChannelsTest.admin()).contentType(ContentType.JSON).body(Map.of("address", unitMail))
                .put("/recipients/" + unit + "/email").then().statusCode(200);
        given().auth().oauth2(ChannelsTest.admin()).contentType(ContentType.JSON).body(Map.of("address", leaderMail))
                .put("/recipients/" + leader + "/email").then().statusCode(200);

        String petitionId = UUID.randomUUID().toString();
        UUID dueSoon = UUID.randomUUID();
        String json = followUp(petitionId, unit, leader, "DUE_SOON");
        KafkaProbe.send("case.follow-up-due", petitionId, "gov.petition.case.follow-up-due.v1", dueSoon, json);
        KafkaProbe.send("case.follow-up-due", petitionId, "gov.petition.case.follow-up-due.v1", dueSoon, json);
        await().atMost(Duration.ofSeconds(60)).until(() -> reminders(unitMail).size() == 1 && reminders(leaderMail).size() == 1);
        String text = reminders(unitMail).get(0).get("text");
        assertTrue(text.contains("XF20250301000042") && text.contains("市信访局、区人社局") && text.contains("请按时跟进"), text);

        KafkaProbe.send("case.follow-up-due", petitionId, "gov.petition.case.follow-up-due.v1", UUID.randomUUID(),
                followUp(petitionId, unit, leader, "OVERDUE"));
        await().atMost(Duration.ofSeconds(60)).until(() -> reminders(unitMail).size() == 2 && reminders(leaderMail).size() == 2);
        assertTrue(reminders(leaderMail).stream().anyMatch(m -> m.get("text").contains("专班尚未报告")), reminders(leaderMail).toString());
        Thread.sleep(2_000);
        assertEquals(2, reminders(unitMail).size(), "a redelivered reminder is not sent twice");
    }
}

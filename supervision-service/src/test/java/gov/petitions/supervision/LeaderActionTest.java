package gov.petitions.supervision;

import com.fasterxml.jackson.databind.JsonNode;
import gov.petitions.testing.Contracts;
import gov.petitions.testing.KafkaProbe;
import gov.petitions.testing.TestSecrets;
import gov.petitions.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static java.time.format.DateTimeFormatter.ISO_OFFSET_DATE_TIME;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What leaders add to a case — an instruction (批示), the minutes and dedicated team of a case received in person
 * (纪要、专班), a follow-up reported done (专班跟进) — is told as case.leader-action through the outbox, in the transaction
 * that writes it to the timeline: by ids and codes, never with the texts, which speak of the petitioner's matter.
 */
@QuarkusTest
@QuarkusTestResource(TestSecrets.class)
class LeaderActionTest {

    private static final String UNIT = "341302-RSJ";
    private static final String INSTRUCTION = "请宿州市督促埇桥区一周内化解，当事人张三电话13812345678。";
    private static final String SUMMARY = "现场接访张三，承诺限期解决欠薪。";
    private static final String NOTE = "已走访张三，欠薪已支付一半。";
    private static KafkaProbe actions;

    @BeforeAll
    static void open() {
        actions = KafkaProbe.open("case.leader-action");
    }

    @AfterAll
    static void close() {
        actions.close();
    }

    private static List<JsonNode> actionsOf(String id, int count) {
        return actions.await(r -> id.equals(r.key()), count, Duration.ofSeconds(20)).stream()
                .map(r -> Contracts.assertValidRecord("case.leader-action", r)).toList();
    }

    private static void carriesNoText(ConsumerRecord<String, String> record) {
        for (String text : List.of("张三", "13812345678", "市信访局", "区人社局", "欠薪")) {
            assertFalse(record.value().contains(text), "no words of the leader or the team in the event: " + record.value());
        }
    }

    @Test
    void anInstructionMinutesAndAFollowUpsReportAreEachToldOnCaseLeaderAction() throws Exception {
        String id = CaseLifecycleTest.assignedCase();
        String leader = TestTokens.token("leader-PL07", Set.of("leader"), null, "34");

        int instructionCount = given().auth().oauth2(leader).contentType(ContentType.JSON)
                .body(Map.of("text", INSTRUCTION)).post("/cases/" + id + "/instructions").then().statusCode(200)
                .extract().path("instructions.size()");
        assertEquals(1, instructionCount);
        JsonNode instructed = actionsOf(id, 1).get(0);
        assertEquals(id, instructed.get("petitionId").asText());
        assertEquals("XF20261126123456", instructed.get("trackingNumber").asText());
        assertEquals("INSTRUCTED", instructed.get("action").asText());
        assertEquals("leader-PL07", instructed.get("leader").asText());
        assertEquals("leader", instructed.get("actorRole").asText());
        assertEquals(UNIT, instructed.get("unitCode").asText());
        assertEquals("COUNTY", instructed.get("level").asText());
        assertTrue(instructed.get("instructionId").asLong() > 0, instructed.toString());
        assertTrue(instructed.get("actedAt").asText().endsWith("+08:00"), "China's time: " + instructed.get("actedAt"));

        // whole seconds, so that a date read back from PostgreSQL (microseconds) is the very date sent
        OffsetDateTime soon = OffsetDateTime.now(ZoneOffset.UTC).plusDays(7).truncatedTo(ChronoUnit.SECONDS);
        OffsetDateTime later = OffsetDateTime.now(ZoneOffset.UTC).plusDays(30).truncatedTo(ChronoUnit.SECONDS);
        List<Integer> followUpIds = given().auth().oauth2(leader).contentType(ContentType.JSON)
                .body(Map.of("summary", SUMMARY, "team", List.of("市信访局", "区人社局"),
                        "followUps", List.of(ISO_OFFSET_DATE_TIME.format(later), ISO_OFFSET_DATE_TIME.format(soon))))
                .post("/cases/" + id + "/minutes").then().statusCode(200).extract().path("followUps.followUpId");
        JsonNode minutes = actionsOf(id, 2).get(1);
        assertEquals("MINUTES_RECORDED", minutes.get("action").asText());
        assertEquals("leader-PL07", minutes.get("leader").asText());
        assertEquals(2, minutes.get("followUps").size(), minutes.toString());
        // earliest first, with the ids the team reports them by
        JsonNode first = minutes.get("followUps").get(0);
        JsonNode second = minutes.get("followUps").get(1);
        assertEquals(followUpIds.get(0).longValue(), first.get("followUpId").asLong());
        assertEquals(soon.toInstant(), OffsetDateTime.parse(first.get("dueAt").asText()).toInstant());
        assertEquals(followUpIds.get(1).longValue(), second.get("followUpId").asLong());
        assertEquals(later.toInstant(), OffsetDateTime.parse(second.get("dueAt").asText()).toInstant());

        // the team's handler reports the first: the leader named is the one whose minutes set it, the actor by role
        given().auth().oauth2(TestTokens.handler(UNIT)).contentType(ContentType.JSON).body(Map.of("note", NOTE))
                .post("/cases/" + id + "/follow-ups/" + followUpIds.get(0) + "/report").then().statusCode(200);
        JsonNode reported = actionsOf(id, 3).get(2);
        assertEquals("FOLLOW_UP_REPORTED", reported.get("action").asText());
        assertEquals("leader-PL07", reported.get("leader").asText());
        assertEquals("handler", reported.get("actorRole").asText());
        assertEquals(followUpIds.get(0).longValue(), reported.get("followUpId").asLong());
        assertEquals(soon.toInstant(), OffsetDateTime.parse(reported.get("dueAt").asText()).toInstant());
        assertFalse(reported.toString().contains("handler-"), "the reporter by role, never by account: " + reported);

        actions.await(r -> id.equals(r.key()), 3, Duration.ofSeconds(1)).forEach(LeaderActionTest::carriesNoText);
    }

    @Test
    void aRefusedActionTellsNothing() throws Exception {
        String id = CaseLifecycleTest.assignedCase();
        String leader = TestTokens.leader("34");
        String later = OffsetDateTime.now(ZoneOffset.UTC).plusDays(30).toString();
        given().auth().oauth2(leader).contentType(ContentType.JSON)
                .body(Map.of("summary", SUMMARY, "team", List.of("市信访局"), "followUps", List.of(later)))
                .post("/cases/" + id + "/minutes").then().statusCode(200);
        assertEquals(1, actionsOf(id, 1).size());

        // a leader of another city: no such case for them
        given().auth().oauth2(TestTokens.leader("3401")).contentType(ContentType.JSON).body(Map.of("text", "尽快化解"))
                .post("/cases/" + id + "/instructions").then().statusCode(404).contentType("application/problem+json");
        // minutes once per case
        given().auth().oauth2(leader).contentType(ContentType.JSON)
                .body(Map.of("summary", "again", "team", List.of("x"), "followUps", List.of(later)))
                .post("/cases/" + id + "/minutes").then().statusCode(409).contentType("application/problem+json");
        // a follow-up of no such id
        given().auth().oauth2(TestTokens.handler(UNIT)).contentType(ContentType.JSON).body(Map.of("note", "done"))
                .post("/cases/" + id + "/follow-ups/999999999/report").then().statusCode(404)
                .contentType("application/problem+json");

        assertEquals(1, actions.settle(r -> id.equals(r.key()), Duration.ofSeconds(2)).size(),
                "only the minutes that were kept are told");
    }
}

package gov.petitions.notification;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import gov.petitions.testing.Contracts;
import gov.petitions.testing.KafkaProbe;
import gov.petitions.testing.TestSecrets;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * case.urgency-changed (紧急程度调整) tells the unit holding the case, on the channels it registered, its new level and
 * the China date its running clock now ends: once per change however often the event comes, never the petitioner,
 * with nothing of the petitioner's in the text.
 */
@QuarkusTest
@QuarkusTestResource(TestSecrets.class)
@QuarkusTestResource(StandIns.class)
class UrgencyChangeTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TYPE = "gov.petition.case.urgency-changed.v1";
    private static final String TEMPLATE = "case.urgency-changed.unit";
    private static KafkaProbe deadLetters;

    @BeforeAll
    static void open() {
        deadLetters = KafkaProbe.open("notification-service.dlq");
    }

    @AfterAll
    static void close() {
        deadLetters.close();
    }

    /** A contract-valid change; {@code clock} null: no unit's clock runs (escalated), so neither clock nor dueAt. */
    static String change(String petitionId, String trackingNumber, String unit, String urgency, String previous,
                         String clock, String dueAt, String reason) throws Exception {
        ObjectNode data = (ObjectNode) JSON.readTree(Contracts.example("case.urgency-changed"));
        data.put("petitionId", petitionId).put("trackingNumber", trackingNumber).put("unitCode", unit)
                .put("urgency", urgency).put("previousUrgency", previous).put("reason", reason);
        if (clock == null) {
            data.remove("clock");
            data.remove("dueAt");
        } else {
            data.put("clock", clock).put("dueAt", dueAt);
        }
        String json = JSON.writeValueAsString(data);
        Contracts.assertValid("case.urgency-changed", json);
        return json;
    }

    private static String unitWithMail(String address) {
        String unit = ChannelsTest.unitCode("UR" + UUID.randomUUID().toString().substring(0, 6).toUpperCase());
        given().auth().oauth2(ChannelsTest.admin()).contentType(ContentType.JSON).body(Map.of("address", address))
                .put("/recipients/" + unit + "/email").then().statusCode(200);
        return unit;
    }

    private static List<Map<String, String>> told(String address) {
        return Received.mailsTo(address).stream().filter(m -> m.get("subject").contains("紧急程度调整")).toList();
    }

    private static List<Map<String, Object>> urgencyMessages(String petitionId) {
        return ChannelsTest.messages(petitionId).stream().filter(m -> TEMPLATE.equals(m.get("template"))).toList();
    }

    @Test
    void theUnitHoldingTheCaseIsToldTheNewLevelAndChinasDeadlineOnceAndThePetitionerNothing() throws Exception {
        String marker = UUID.randomUUID().toString().substring(0, 8);
        String unitMail = "urgency-" + marker + "@units.gov.example";
        String unit = unitWithMail(unitMail);
        String petitionId = UUID.randomUUID().toString();
        String petitionerRef = UUID.randomUUID().toString();
        String number = Events.trackingNumber();
        String phone = "1377" + String.format("%07d", ThreadLocalRandom.current().nextInt(10_000_000));
        String name = "司马" + (char) ('甲' + ThreadLocalRandom.current().nextInt(10)) + "急";
        Received.contact(petitionerRef, name, phone, "安徽省宿州市保密路" + marker + "号");
        Events.registered(petitionId, petitionerRef, number);
        Events.assigned(petitionId, number, unit, "埇桥区人力资源和社会保障局");

        // 17:30 UTC on the 10th is the 11th in China; the supervisor's words carry a mobile number the producer missed
        UUID raised = UUID.randomUUID();
        String raise = change(petitionId, number, unit, "URGENT_SPECIAL", "NORMAL", "ACCEPTANCE",
                "2099-12-10T17:30:00Z", "涉及群体性欠薪，联系人电话" + phone + "，春节前须优先办理。");
        KafkaProbe.send("case.urgency-changed", petitionId, TYPE, raised, raise);
        KafkaProbe.send("case.urgency-changed", petitionId, TYPE, raised, raise);
        await().atMost(Duration.ofSeconds(60)).until(() -> told(unitMail).size() == 1);
        Map<String, String> mail = told(unitMail).get(0);
        String text = mail.get("text");
        assertTrue(mail.get("subject").contains(number), mail.get("subject"));
        assertTrue(text.contains(number) && text.contains("从“一般”提升为“特急”") && text.contains("受理决定期限相应调整为 2099-12-11"),
                text);
        assertFalse(text.contains("2099-12-10"), "the deadline is China's date, not UTC's: " + text);
        assertFalse(text.contains("该期限已过"), text);
        assertTrue(text.contains("春节前须优先办理"), "the supervisor's reason is told: " + text);
        assertFalse(text.contains(phone), "a number in the reason is masked: " + text);
        assertFalse(text.contains(name) || text.contains(petitionerRef) || text.contains("保密路"),
                "nothing of the petitioner's in the unit's message: " + text);

        // lowered: the handling clock, later
        UUID lowered = UUID.randomUUID();
        KafkaProbe.send("case.urgency-changed", petitionId, TYPE, lowered, change(petitionId, number, unit, "NORMAL",
                "URGENT_SPECIAL", "HANDLING", "2100-02-03T16:00:00Z", "经核实不属紧急事项。"));
        await().atMost(Duration.ofSeconds(60)).until(() -> told(unitMail).size() == 2);
        String lowerText = told(unitMail).stream().map(m -> m.get("text")).filter(t -> t.contains("经核实不属紧急事项"))
                .findFirst().orElseThrow();
        assertTrue(lowerText.contains("从“特急”调整为“一般”") && lowerText.contains("办结答复期限相应调整为 2100-02-04"),
                lowerText);

        // the redelivered change came before the lowering on the same partition: applied by now, and not told again
        List<Map<String, Object>> messages = urgencyMessages(petitionId);
        assertEquals(1, messages.stream().filter(m -> raised.toString().equals(m.get("sourceEventId"))).count(),
                messages.toString());
        assertEquals(2, messages.size(), messages.toString());
        assertTrue(messages.stream().allMatch(m -> "UNIT".equals(m.get("recipientKind"))
                && unit.equals(m.get("recipientRef")) && "EMAIL".equals(m.get("channel"))), messages.toString());
        assertEquals(1, told(unitMail).stream().filter(m -> m.get("text").contains("2099-12-11")).count());
        // the level is the bureaus' own priority: the petitioner hears of the registration and the assignment only
        assertEquals(List.of("case.assigned.petitioner", "petition.registered.receipt"), ChannelsTest.messages(petitionId)
                .stream().filter(m -> "PETITIONER".equals(m.get("recipientKind"))).map(m -> (String) m.get("template"))
                .sorted().toList());
        assertTrue(Received.requests("sms").stream().noneMatch(r -> ((String) r.get("body")).contains("紧急程度")));
    }

    @Test
    void aMalformedChangeIsDeadLetteredAloneAndTheNextOneIsTold() throws Exception {
        String marker = UUID.randomUUID().toString().substring(0, 8);
        String unitMail = "urgency-dlq-" + marker + "@units.gov.example";
        String unit = unitWithMail(unitMail);
        String petitionId = UUID.randomUUID().toString();
        String number = Events.trackingNumber();
        String good = change(petitionId, number, unit, "URGENT", "NORMAL", "ACCEPTANCE", "2020-01-01T10:00:00+08:00",
                "上级交办，限期办理 " + marker);
        ObjectNode unknownLevel = (ObjectNode) JSON.readTree(good);
        unknownLevel.put("urgency", "VERY_URGENT");
        ObjectNode clockWithoutDate = (ObjectNode) JSON.readTree(good);
        clockWithoutDate.remove("dueAt");
        UUID escalated = UUID.randomUUID();
        UUID told = UUID.randomUUID();
        // one partition (one key), in this order: two that break the contract, one with no clock running
        // (escalated: no one to tell), then a good one the consumer must still reach
        KafkaProbe.sendAll("case.urgency-changed", List.of(
                new KafkaProbe.Event(petitionId, TYPE, UUID.randomUUID(), JSON.writeValueAsString(unknownLevel)),
                new KafkaProbe.Event(petitionId, TYPE, UUID.randomUUID(), JSON.writeValueAsString(clockWithoutDate)),
                new KafkaProbe.Event(petitionId, TYPE, escalated,
                        change(petitionId, number, unit, "URGENT_SPECIAL", "NORMAL", null, null, "提级后从严 " + marker)),
                new KafkaProbe.Event(petitionId, TYPE, told, good)));

        List<ConsumerRecord<String, String>> dead = deadLetters.await(r -> petitionId.equals(r.key()), 2,
                Duration.ofSeconds(60));
        await().atMost(Duration.ofSeconds(60)).until(() -> told(unitMail).size() == 1);
        String text = told(unitMail).get(0).get("text");
        assertTrue(text.contains("从“一般”提升为“急”") && text.contains("受理决定期限相应调整为 2020-01-01")
                && text.contains("该期限已过"), text);
        assertEquals(List.of(told.toString()), urgencyMessages(petitionId).stream()
                .map(m -> (String) m.get("sourceEventId")).toList(), "the escalated case's change is told to no one");
        List<ConsumerRecord<String, String>> settled = deadLetters.settle(r -> petitionId.equals(r.key()),
                Duration.ofSeconds(2));
        assertEquals(2, settled.size(), "only the two malformed records are dead-lettered");
        assertTrue(dead.stream().noneMatch(r -> id(r).equals(told.toString()) || id(r).equals(escalated.toString())));
    }

    private static String id(ConsumerRecord<String, String> record) {
        var header = record.headers().lastHeader("ce_id");
        return header == null ? "" : new String(header.value(), StandardCharsets.UTF_8);
    }
}

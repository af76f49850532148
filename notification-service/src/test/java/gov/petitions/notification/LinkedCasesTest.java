package gov.petitions.notification;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import gov.petitions.testing.Contracts;
import gov.petitions.testing.KafkaProbe;
import gov.petitions.testing.TestSecrets;
import gov.petitions.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

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
 * case.linked and case.unlinked (同一事项归并) tell the member case's own petitioner that their petition is handled
 * together with the others of the same matter by the lead's unit, and later on its own again: once per event, in words
 * that carry nothing of the other petitioners (not even how many there are) nor the staff's reason.
 */
@QuarkusTest
@QuarkusTestResource(TestSecrets.class)
@QuarkusTestResource(StandIns.class)
class LinkedCasesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String LINKED = "gov.petition.case.linked.v1";
    private static final String UNLINKED = "gov.petition.case.unlinked.v1";
    private static KafkaProbe deadLetters;

    @BeforeAll
    static void open() {
        deadLetters = KafkaProbe.open("notification-service.dlq");
    }

    @AfterAll
    static void close() {
        deadLetters.close();
    }

    static String linked(String member, String memberNumber, String lead, String leadNumber, String unit, String reason)
            throws Exception {
        ObjectNode data = (ObjectNode) JSON.readTree(Contracts.example("case.linked"));
        data.put("petitionId", member).put("trackingNumber", memberNumber).put("leadPetitionId", lead)
                .put("leadTrackingNumber", leadNumber).put("unitCode", unit).put("matterCases", 7).put("reason", reason);
        String json = JSON.writeValueAsString(data);
        Contracts.assertValid("case.linked", json);
        return json;
    }

    static String unlinked(String member, String memberNumber, String lead, String leadNumber, String unit, String cause,
                           String reason) throws Exception {
        ObjectNode data = (ObjectNode) JSON.readTree(Contracts.example("case.unlinked"));
        data.put("petitionId", member).put("trackingNumber", memberNumber).put("leadPetitionId", lead)
                .put("leadTrackingNumber", leadNumber).put("unitCode", unit).put("cause", cause).put("reason", reason);
        String json = JSON.writeValueAsString(data);
        Contracts.assertValid("case.unlinked", json);
        return json;
    }

    private static List<Map<String, Object>> messages(String petitionId, String template) {
        return ChannelsTest.messages(petitionId).stream().filter(m -> template.equals(m.get("template"))).toList();
    }

    private static List<String> smsTo(String phone) {
        return Received.requests("sms").stream().map(r -> (String) r.get("body")).filter(b -> b.contains(phone)).toList();
    }

    private record Person(String ref, String name, String phone) {
        static Person contactable() {
            String ref = UUID.randomUUID().toString();
            String phone = "1366" + String.format("%07d", ThreadLocalRandom.current().nextInt(10_000_000));
            String name = "欧阳" + (char) ('甲' + ThreadLocalRandom.current().nextInt(10)) + "并";
            Received.contact(ref, name, phone, "安徽省宿州市合并路" + ThreadLocalRandom.current().nextInt(1000, 9999) + "号");
            return new Person(ref, name, phone);
        }
    }

    @Test
    void theMembersPetitionerHearsItIsHandledWithTheMatterByTheLeadsUnitThenAloneAgainOnceEach() throws Exception {
        String marker = UUID.randomUUID().toString().substring(0, 6).toUpperCase();
        String leadUnit = ChannelsTest.unitCode("LK" + marker);
        String leadUnitName = "埇桥区人力资源和社会保障局" + marker;
        String ownUnit = ChannelsTest.unitCode("OW" + marker);
        String lead = UUID.randomUUID().toString();
        String leadNumber = Events.trackingNumber();
        Person leadPetitioner = Person.contactable();
        String member = UUID.randomUUID().toString();
        String memberNumber = Events.trackingNumber();
        Person memberPetitioner = Person.contactable();
        Events.registered(lead, leadPetitioner.ref(), leadNumber);
        Events.assigned(lead, leadNumber, leadUnit, leadUnitName);
        Events.registered(member, memberPetitioner.ref(), memberNumber);
        Events.assigned(member, memberNumber, ownUnit, "另一单位" + marker);
        await().atMost(Duration.ofSeconds(60)).until(() -> messages(lead, "case.assigned.petitioner").size() == 1
                && messages(member, "case.assigned.petitioner").size() == 1);

        UUID linkedId = UUID.randomUUID();
        String link = linked(member, memberNumber, lead, leadNumber, leadUnit,
                "同一用工单位拖欠工资，" + leadPetitioner.name() + "等人反映，合并办理。");
        KafkaProbe.send("case.linked", member, LINKED, linkedId, link);
        KafkaProbe.send("case.linked", member, LINKED, linkedId, link);
        await().atMost(Duration.ofSeconds(60)).until(() -> smsTo(memberPetitioner.phone()).stream()
                .anyMatch(b -> b.contains("合并办理")));

        List<Map<String, Object>> told = messages(member, "case.linked.petitioner");
        assertEquals(1, told.size(), told.toString());
        Map<String, Object> message = told.get(0);
        assertEquals("PETITIONER", message.get("recipientKind"));
        assertEquals(memberPetitioner.ref(), message.get("recipientRef"));
        // exactly this: the unit by its name, nothing of the lead (its number, its petitioner), no count, no reason
        assertEquals("【信访告知】您的信访事项（编号 " + memberNumber + "）与反映同一事项的其他信访事项合并办理，由" + leadUnitName
                + "统一办理，办理进展和结果将继续告知您。", message.get("text"));
        assertEquals(List.of(), messages(lead, "case.linked.petitioner"), "the lead's petitioner is not told of the member");
        assertTrue(smsTo(leadPetitioner.phone()).stream().noneMatch(b -> b.contains("合并办理")));
        for (String sms : smsTo(memberPetitioner.phone())) {
            assertFalse(sms.contains(leadNumber) || sms.contains(leadPetitioner.name()) || sms.contains("7"
                    + "件"), sms);
        }
        // the lead's unit holds the member now: its handlers read the member's messages, the member's former unit's not
        given().auth().oauth2(TestTokens.handler(leadUnit)).queryParam("petitionId", member).get("/messages")
                .then().statusCode(200).body("size()", org.hamcrest.Matchers.greaterThanOrEqualTo(3));
        assertEquals(0, given().auth().oauth2(TestTokens.handler(ownUnit)).queryParam("petitionId", member)
                .get("/messages").then().statusCode(200).extract().jsonPath().getList("$").size());

        // split off: on its own again, still at the matter's unit
        UUID unlinkedId = UUID.randomUUID();
        String split = unlinked(member, memberNumber, lead, leadNumber, leadUnit, "SPLIT", "另一工地，非同一事项。");
        KafkaProbe.send("case.unlinked", member, UNLINKED, unlinkedId, split);
        KafkaProbe.send("case.unlinked", member, UNLINKED, unlinkedId, split);
        await().atMost(Duration.ofSeconds(60)).until(() -> smsTo(memberPetitioner.phone()).stream()
                .anyMatch(b -> b.contains("单独办理")));
        List<Map<String, Object>> alone = messages(member, "case.unlinked.petitioner");
        assertEquals(1, alone.size(), alone.toString());
        assertEquals("【信访告知】您的信访事项（编号 " + memberNumber + "）经核实与原合并办理的事项不属同一事项，不再与其他信访事项"
                + "合并办理，今后单独办理，承办单位为" + leadUnitName + "，办理进展和结果将继续告知您。", alone.get(0).get("text"));

        // both redeliveries came before a later event of the member's partition: applied by now, sent once each
        UUID barrier = UUID.randomUUID();
        KafkaProbe.send("case.unlinked", member, UNLINKED, barrier,
                unlinked(member, memberNumber, lead, leadNumber, leadUnit, "REVIEW_REQUESTED", "REVIEW_REQUESTED"));
        await().atMost(Duration.ofSeconds(60)).until(() -> messages(member, "case.unlinked.petitioner").size() == 2);
        await().atMost(Duration.ofSeconds(30)).until(() -> smsTo(memberPetitioner.phone()).stream()
                .filter(b -> b.contains("单独办理")).count() == 2);
        assertEquals(1, smsTo(memberPetitioner.phone()).stream().filter(b -> b.contains("合并办理，由")).count());
        assertEquals(1, smsTo(memberPetitioner.phone()).stream().filter(b -> b.contains("经核实")).count());
    }

    @Test
    void aLinkThatOvertakesTheMembersRegistrationIsToldWhenItArrivesAndMalformedOnesAreDeadLetteredAlone()
            throws Exception {
        String marker = UUID.randomUUID().toString().substring(0, 6).toUpperCase();
        String unit = ChannelsTest.unitCode("LP" + marker);
        String lead = UUID.randomUUID().toString();
        String leadNumber = Events.trackingNumber();
        String member = UUID.randomUUID().toString();
        String memberNumber = Events.trackingNumber();
        String good = linked(member, memberNumber, lead, leadNumber, unit, "合并办理 " + marker);
        ObjectNode noLead = (ObjectNode) JSON.readTree(good);
        noLead.remove("leadPetitionId");
        ObjectNode unknownCause = (ObjectNode) JSON.readTree(
                unlinked(member, memberNumber, lead, leadNumber, unit, "SPLIT", "拆分 " + marker));
        unknownCause.put("cause", "MERGED_AGAIN");

        KafkaProbe.sendAll("case.linked", List.of(
                new KafkaProbe.Event(member, LINKED, UUID.randomUUID(), JSON.writeValueAsString(noLead)),
                new KafkaProbe.Event(member, LINKED, UUID.randomUUID(), good)));
        KafkaProbe.send("case.unlinked", member, UNLINKED, UUID.randomUUID(), JSON.writeValueAsString(unknownCause));
        deadLetters.await(r -> member.equals(r.key()), 2, Duration.ofSeconds(60));

        // the member's registration comes after its link (another topic): the link was parked and is told now,
        // without the unit's name, which notification never heard
        Person petitioner = Person.contactable();
        Events.registered(member, petitioner.ref(), memberNumber);
        await().atMost(Duration.ofSeconds(60)).until(() -> messages(member, "case.linked.petitioner").size() == 1);
        assertEquals("【信访告知】您的信访事项（编号 " + memberNumber + "）与反映同一事项的其他信访事项合并办理，由承办单位统一办理，"
                + "办理进展和结果将继续告知您。", messages(member, "case.linked.petitioner").get(0).get("text"));
        assertEquals(List.of(), messages(member, "case.unlinked.petitioner"));
        assertEquals(2, deadLetters.settle(r -> member.equals(r.key()), Duration.ofSeconds(2)).size(),
                "only the two malformed records are dead-lettered");
    }
}

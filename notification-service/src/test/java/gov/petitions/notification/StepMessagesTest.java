package gov.petitions.notification;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import gov.petitions.testing.Contracts;
import gov.petitions.testing.KafkaProbe;
import gov.petitions.testing.TestSecrets;
import gov.petitions.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The petitioner hears of every step of the case, once each, even when a step overtakes the registration. */
@QuarkusTest
@QuarkusTestResource(TestSecrets.class)
@QuarkusTestResource(StandIns.class)
class StepMessagesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    static String statusChanged(String id, String from, String to, String reason) throws Exception {
        ObjectNode data = (ObjectNode) JSON.readTree(Contracts.example("case.status-changed"));
        data.put("petitionId", id).put("trackingNumber", "XF20261126000888").put("fromStatus", from).put("toStatus", to)
                .put("reason", reason).put("changedAt", OffsetDateTime.now().toString())
                .put("dueAt", OffsetDateTime.now().plusDays(60).toString());
        String json = JSON.writeValueAsString(data);
        Contracts.assertValid("case.status-changed", json);
        return json;
    }

    static String assigned(String id) throws Exception {
        ObjectNode data = (ObjectNode) JSON.readTree(Contracts.example("case.assigned"));
        data.put("petitionId", id).put("trackingNumber", "XF20261126000888").put("sequence", 1).put("reason", "INITIAL");
        ((ObjectNode) data.get("unit")).put("name", "埇桥区人力资源和社会保障局");
        data.remove("previousUnit");
        String json = JSON.writeValueAsString(data);
        Contracts.assertValid("case.assigned", json);
        return json;
    }

    @Test
    void everyStepIsToldOnceInOrder() throws Exception {
        String id = UUID.randomUUID().toString();
        // the first step arrives before the registration it belongs to
        KafkaProbe.send("case.assigned", id, "gov.petition.case.assigned.v1", UUID.randomUUID(), assigned(id));
        Thread.sleep(1_000);
        KafkaProbe.send("petition.registered", id, "gov.petition.petition.registered.v1", UUID.randomUUID(),
                ReceiptFlowTest.registered(id, "XF20261126000888"));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().auth().oauth2(TestTokens.auditor()).queryParam("petitionId", id).get("/messages")
                        .then().body("findAll { it.recipientKind == 'PETITIONER' }.size()", equalTo(2)));

        UUID accepted = UUID.randomUUID();
        String acceptedJson = statusChanged(id, "ASSIGNED", "ACCEPTED", "accepted (受理)");
        KafkaProbe.send("case.status-changed", id, "gov.petition.case.status-changed.v1", accepted, acceptedJson);
        KafkaProbe.send("case.status-changed", id, "gov.petition.case.status-changed.v1", accepted, acceptedJson);
        KafkaProbe.send("case.status-changed", id, "gov.petition.case.status-changed.v1", UUID.randomUUID(),
                statusChanged(id, "ACCEPTED", "EXTENDED", "需要现场调查"));
        KafkaProbe.send("case.status-changed", id, "gov.petition.case.status-changed.v1", UUID.randomUUID(),
                statusChanged(id, "EXTENDED", "REPLIED", "written reply"));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().auth().oauth2(TestTokens.auditor()).queryParam("petitionId", id).get("/messages")
                        // REPLIED is also a printed letter (书面答复)
                        .then().body("findAll { it.recipientKind == 'PETITIONER' }.size()", equalTo(6))
                        .body("status", org.hamcrest.Matchers.everyItem(equalTo("DELIVERED"))));
        List<String> templates = given().auth().oauth2(TestTokens.auditor()).queryParam("petitionId", id).get("/messages")
                .then().extract().jsonPath().getList("findAll { it.recipientKind == 'PETITIONER' }.template");
        assertEquals(List.of("case.accepted.petitioner", "case.assigned.petitioner", "case.extended.petitioner",
                "case.replied.petitioner", "case.replied.petitioner", "petition.registered.receipt"),
                templates.stream().sorted().toList());
        given().auth().oauth2(TestTokens.auditor()).queryParam("petitionId", id).get("/messages")
                .then().body("findAll { it.template == 'case.replied.petitioner' }.channel",
                        org.hamcrest.Matchers.containsInAnyOrder("SMS", "LETTER"));
        given().auth().oauth2(TestTokens.auditor()).queryParam("petitionId", id).get("/messages")
                .then().body("find { it.template == 'case.extended.petitioner' }.text", containsString("需要现场调查"))
                .body("find { it.template == 'case.assigned.petitioner' }.text", containsString("埇桥区人力资源和社会保障局"))
                // the unit's handlers were told of their new case too
                .body("find { it.template == 'case.assigned.unit' }.recipientKind", equalTo("UNIT"));

        // an operator cannot "resend" what was delivered
        String delivered = given().auth().oauth2(TestTokens.auditor()).queryParam("petitionId", id).get("/messages")
                .then().extract().path("[0].messageId");
        given().auth().oauth2(TestTokens.token("admin-1", java.util.Set.of("admin"), null, null))
                .post("/messages/" + delivered + "/resend").then().statusCode(409).contentType("application/problem+json");
        given().auth().oauth2(TestTokens.auditor()).post("/messages/" + delivered + "/resend").then().statusCode(403);
    }

    @Test
    void aBreachedDeadlineIsToldToTheUnitAndItsCitysSupervisors() throws Exception {
        String id = UUID.randomUUID().toString();
        ObjectNode data = (ObjectNode) JSON.readTree(Contracts.example("case.deadline-breached"));
        data.put("petitionId", id).put("unitCode", "341302-RSJ").put("trackingNumber", "XF20261126000999");
        String json = JSON.writeValueAsString(data);
        Contracts.assertValid("case.deadline-breached", json);
        KafkaProbe.send("case.deadline-breached", id, "gov.petition.case.deadline-breached.v1", UUID.randomUUID(), json);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().auth().oauth2(TestTokens.auditor()).queryParam("petitionId", id).get("/messages")
                        .then().body("recipientKind", org.hamcrest.Matchers.containsInAnyOrder("UNIT", "SUPERVISOR"))
                        .body("find { it.recipientKind == 'SUPERVISOR' }.recipientRef", equalTo("supervisors-3413"))
                        .body("[0].text", containsString("超期")));
    }
}

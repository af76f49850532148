package gov.petitions.intake;

import com.fasterxml.jackson.databind.JsonNode;
import gov.petitions.testing.Contracts;
import gov.petitions.testing.TestSecrets;
import gov.petitions.testing.TestTokens;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue #18 item 1: group petitions (集体访) reach the bureau online too. A citizen online, or a clerk keying in an
 * online petition, gives the persons the group speaks for and at most five representatives (《信访工作条例》),
 * whatever the channel; one batch, N person-times, the representatives encrypted and never in an event or the log.
 * Item 4: a letter's received date travels in petition.registered.
 */
@QuarkusTest
@QuarkusTestResource(TestSecrets.class)
class OnlineGroupPetitionTest {

    private static Map<String, Object> online(String summary, Map<String, Object> petitioner) {
        Map<String, Object> body = new HashMap<>();
        body.put("categoryCode", "labour-wages");
        body.put("locationCode", "341302001");
        body.put("summary", summary);
        body.put("petitioner", petitioner);
        return body;
    }

    private static List<Map<String, Object>> representatives(int n) {
        return IntStream.range(0, n).mapToObj(i -> {
            Map<String, Object> r = new HashMap<>();
            r.put("name", "代表" + "甲乙丙丁戊己".charAt(i) + Bodies.mobile().substring(8));
            r.put("idNumber", Bodies.idNumber());
            if (i % 2 == 0) {
                r.put("phone", Bodies.mobile());
            }
            return r;
        }).toList();
    }

    @Test
    void aGroupPetitionsOnlineAsOneBatchOfTwelvePersonTimesWithItsRepresentatives() throws Exception {
        List<Map<String, Object>> reps = representatives(3);
        Map<String, Object> body = online("农民工集体网上反映工程款拖欠", Bodies.person("钱大勇", Bodies.mobile(), null));
        body.put("personCount", 12);
        body.put("representatives", reps);

        String petitionId = given().contentType(ContentType.JSON).body(body).post("/public/petitions")
                .then().statusCode(201).body("trackingNumber", matchesPattern("^XF[0-9]{14}([0-9]{3})?$"))
                .extract().path("petitionId");

        ConsumerRecord<String, String> record = RegisteredEvents.recordOf(petitionId);
        JsonNode event = Contracts.assertValidRecord("petition.registered", record);
        assertEquals("ONLINE", event.get("channel").asText());
        assertEquals(12, event.get("personCount").asInt(), "twelve person-times (人次)");
        assertTrue(event.path("receivedOn").isMissingNode() || event.get("receivedOn").isNull(), "only letters carry receivedOn");
        List<ConsumerRecord<String, String>> all = RegisteredEvents.allOf(petitionId);
        assertEquals(1, all.size(), "one batch (批次)");

        // staff see the group as at the desk: representatives masked
        given().auth().oauth2(TestTokens.clerk()).get("/petitions/" + petitionId).then().statusCode(200)
                .body("channel", equalTo("ONLINE"))
                .body("personCount", equalTo(12))
                .body("representatives", hasSize(3))
                .body("representatives[0].name", matchesPattern("^代\\*+$"))
                .body("representatives[1].idNumber", matchesPattern("^3413\\*{10}[0-9]{3}[0-9X]$"));

        // the representatives' personal data: never in the event, the log or a database row in clear
        String log = Files.readString(Path.of("target/intake-test.log"), StandardCharsets.UTF_8);
        String database = QuarkusTransaction.requiringNew().call(() -> String.valueOf(gov.petitions.intake.Petition
                .getEntityManager().createNativeQuery("select string_agg(t::text, '|') from petitioner t where id in "
                        + "(select petitioner_id from petition_representative where petition_id = :id)")
                .setParameter("id", UUID.fromString(petitionId)).getSingleResult()));
        for (Map<String, Object> rep : reps) {
            for (Object secret : rep.values()) {
                assertFalse(record.value().contains(secret.toString()), "event carries " + secret);
                assertFalse(log.contains(secret.toString()), "log carries " + secret);
                assertFalse(database.contains(secret.toString()), "database carries " + secret + " in clear");
            }
        }

        // the registrations summary counts it like a group at the desk: one group batch of twelve persons
        String today = LocalDate.now(ZoneId.of("Asia/Shanghai")).toString();
        given().auth().oauth2(TestTokens.supervisor("34")).queryParam("from", today).queryParam("to", today)
                .queryParam("location", "341302001").get("/registrations/summary").then().statusCode(200)
                .body("byChannel.ONLINE.persons", org.hamcrest.Matchers.greaterThanOrEqualTo(12))
                .body("groupBatches", org.hamcrest.Matchers.greaterThanOrEqualTo(1));
    }

    @Test
    void sixRepresentativesAreOneTooManyOnlineAndAtTheDesk() {
        Map<String, Object> body = online("六名代表网上反映", Bodies.person("孙小军", Bodies.mobile(), null));
        body.put("personCount", 40);
        body.put("representatives", representatives(6));
        given().contentType(ContentType.JSON).body(body).post("/public/petitions")
                .then().statusCode(400).contentType("application/problem+json")
                .body("violations.field", hasItem("representatives"))
                .body("violations.message", hasItem(containsString("5")));

        Map<String, Object> fewer = online("人数少于代表", Bodies.person("孙小军", Bodies.mobile(), null));
        fewer.put("personCount", 2);
        fewer.put("representatives", representatives(3));
        given().contentType(ContentType.JSON).body(fewer).post("/public/petitions")
                .then().statusCode(400).contentType("application/problem+json")
                .body("violations.field", hasItem("personCountCoveringRepresentatives"));

        Map<String, Object> noId = online("代表缺身份证号", Bodies.person("孙小军", Bodies.mobile(), null));
        noId.put("personCount", 8);
        noId.put("representatives", List.of(Map.of("name", "周某")));
        given().contentType(ContentType.JSON).body(noId).post("/public/petitions")
                .then().statusCode(400).contentType("application/problem+json")
                .body("violations.field", hasItem("representatives[0].idNumber"));

        Map<String, Object> clerkSix = new HashMap<>(online("六名代表网上信访（代录）", Bodies.person("孙小军", Bodies.mobile(), null)));
        clerkSix.put("channel", "ONLINE");
        clerkSix.put("personCount", 40);
        clerkSix.put("representatives", representatives(6));
        given().auth().oauth2(TestTokens.clerk()).contentType(ContentType.JSON).body(clerkSix).post("/petitions")
                .then().statusCode(400).contentType("application/problem+json")
                .body("violations.field", hasItem("representatives"));
    }

    @Test
    void aClerkRegistersAnOnlinePetitionAndItsGroup() {
        Map<String, Object> body = new HashMap<>(online("信箱收到的集体网上信访", Bodies.person("刘芳", Bodies.mobile(), null)));
        body.put("channel", "ONLINE");
        body.put("personCount", 7);
        body.put("representatives", representatives(2));
        String petitionId = given().auth().oauth2(TestTokens.clerk()).contentType(ContentType.JSON).body(body)
                .post("/petitions").then().statusCode(201).extract().path("petitionId");
        JsonNode event = RegisteredEvents.of(petitionId);
        assertEquals("ONLINE", event.get("channel").asText());
        assertEquals(7, event.get("personCount").asInt());
        given().auth().oauth2(TestTokens.clerk()).get("/petitions/" + petitionId).then().statusCode(200)
                .body("representatives", hasSize(2));
    }

    @Test
    void aLetterCarriesItsReceivedDateInTheEventAndOtherChannelsDoNot() {
        LocalDate received = LocalDate.now(ZoneId.of("Asia/Shanghai")).minusDays(9);
        Map<String, Object> letter = Bodies.petition("LETTER", "land-housing", "340104", "九天前收到的来信",
                Bodies.person("陈立新", Bodies.mobile(), null));
        letter.put("letter", Map.of("receivedOn", received.toString()));
        String letterId = given().auth().oauth2(TestTokens.clerk()).contentType(ContentType.JSON).body(letter)
                .post("/petitions").then().statusCode(201).extract().path("petitionId");
        JsonNode event = RegisteredEvents.of(letterId);
        assertEquals(received.toString(), event.get("receivedOn").asText(), "the day the bureau received the letter");

        Map<String, Object> call = Bodies.petition("HOTLINE", "social-security", "340302", "热线来电",
                Bodies.person("刘芳", Bodies.mobile(), null));
        String callId = given().auth().oauth2(TestTokens.clerk()).contentType(ContentType.JSON).body(call)
                .post("/petitions").then().statusCode(201).extract().path("petitionId");
        ConsumerRecord<String, String> record = RegisteredEvents.recordOf(callId);
        Contracts.assertValidRecord("petition.registered", record);
        assertFalse(record.value().contains("receivedOn"), record.value());
    }
}

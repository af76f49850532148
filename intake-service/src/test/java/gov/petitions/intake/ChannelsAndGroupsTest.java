package gov.petitions.intake;

import com.fasterxml.jackson.databind.JsonNode;
import gov.petitions.testing.Contracts;
import gov.petitions.testing.TestSecrets;
import gov.petitions.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Letters, hotline calls and group petitions: each registers and publishes, with only the format checked. */
@QuarkusTest
@QuarkusTestResource(TestSecrets.class)
class ChannelsAndGroupsTest {

    @Test
    void aLetterKeepsItsDatesAndTheLeadersInstruction() {
        Map<String, Object> letter = Bodies.petition("LETTER", "land-housing", "340104", "征地补偿款未足额发放",
                Bodies.person("陈立新", Bodies.mobile(), Bodies.idNumber()));
        letter.put("letter", Map.of("receivedOn", LocalDate.now().minusDays(2).toString(),
                "postmarkedOn", LocalDate.now().minusDays(5).toString()));
        letter.put("instruction", Map.of("leader", "省长", "text", "请省信访局督办，依法依规处理。"));
        String id = given().auth().oauth2(TestTokens.clerk()).contentType(ContentType.JSON).body(letter)
                .post("/petitions").then().statusCode(201).extract().path("petitionId");

        given().auth().oauth2(TestTokens.clerk()).get("/petitions/" + id).then().statusCode(200)
                .body("channel", equalTo("LETTER"))
                .body("letterReceivedOn", equalTo(LocalDate.now().minusDays(2).toString()))
                .body("letterPostmarkedOn", equalTo(LocalDate.now().minusDays(5).toString()))
                .body("instructionLeader", equalTo("省长"))
                .body("petitionerIdNumber", matchesPattern("^3413\\*{10}[0-9]{3}[0-9X]$"));
        JsonNode event = RegisteredEvents.of(id);
        assertEquals("LETTER", event.get("channel").asText());
    }

    @Test
    void todayMeansTodayInChinaWhateverTheServersZone() {
        // between 16:00 and 24:00 UTC, Beijing is already a day ahead: its today is not "in the future"
        Map<String, Object> letter = Bodies.petition("LETTER", "land-housing", "340104", "今天收到的来信",
                Bodies.person("陈立新", Bodies.mobile(), null));
        letter.put("letter", Map.of("receivedOn", LocalDate.now(java.time.ZoneId.of("Asia/Shanghai")).toString()));
        given().auth().oauth2(TestTokens.clerk()).contentType(ContentType.JSON).body(letter)
                .post("/petitions").then().statusCode(201);
    }

    @Test
    void aLetterNeedsItsReceivedDateAndThePostmarkCannotBeLater() {
        Map<String, Object> noDates = Bodies.petition("LETTER", "land-housing", "340104", "来信无日期",
                Bodies.person("陈立新", Bodies.mobile(), null));
        given().auth().oauth2(TestTokens.clerk()).contentType(ContentType.JSON).body(noDates)
                .post("/petitions").then().statusCode(400).contentType("application/problem+json")
                .body("violations.field", hasItem("letterGivenForLetters"));

        Map<String, Object> backwards = Bodies.petition("LETTER", "land-housing", "340104", "邮戳晚于收信",
                Bodies.person("陈立新", Bodies.mobile(), null));
        backwards.put("letter", Map.of("receivedOn", LocalDate.now().minusDays(5).toString(),
                "postmarkedOn", LocalDate.now().minusDays(1).toString()));
        given().auth().oauth2(TestTokens.clerk()).contentType(ContentType.JSON).body(backwards)
                .post("/petitions").then().statusCode(400).body("violations.field", hasItem("letter.postmarkPlausible"));

        Map<String, Object> future = Bodies.petition("LETTER", "land-housing", "340104", "收信日期在未来",
                Bodies.person("陈立新", Bodies.mobile(), null));
        future.put("letter", Map.of("receivedOn", LocalDate.now().plusDays(3).toString()));
        given().auth().oauth2(TestTokens.clerk()).contentType(ContentType.JSON).body(future)
                .post("/petitions").then().statusCode(400).body("violations.field", hasItem("letter.receivedOn"));
    }

    @Test
    void aHotlineCallIsRegisteredByTheOperator() {
        Map<String, Object> call = Bodies.petition("HOTLINE", "social-security", "340302", "养老保险待遇核定有误",
                Bodies.person("刘芳", Bodies.mobile(), null));
        String id = given().auth().oauth2(TestTokens.clerk()).contentType(ContentType.JSON).body(call)
                .post("/petitions").then().statusCode(201).extract().path("petitionId");
        JsonNode event = RegisteredEvents.of(id);
        assertEquals("HOTLINE", event.get("channel").asText());

    }

    @Test
    void aGroupPetitionIsOneBatchOfManyPersonsWithUpToFiveRepresentatives() {
        Map<String, Object> group = Bodies.petition("WALK_IN", "labour-wages", "341302001", "农民工集体讨薪，工程款拖欠八个月",
                Bodies.person("赵铁柱", Bodies.mobile(), Bodies.idNumber()));
        group.put("personCount", 12);
        group.put("representatives", List.of(
                Map.of("name", "赵铁柱", "idNumber", Bodies.idNumber()),
                Map.of("name", "钱大勇", "idNumber", Bodies.idNumber(), "phone", Bodies.mobile()),
                Map.of("name", "孙小军", "idNumber", Bodies.idNumber())));
        String id = given().auth().oauth2(TestTokens.clerk()).contentType(ContentType.JSON).body(group)
                .post("/petitions").then().statusCode(201).extract().path("petitionId");

        given().auth().oauth2(TestTokens.clerk()).get("/petitions/" + id).then().statusCode(200)
                .body("personCount", equalTo(12))
                .body("representatives", hasSize(3))
                .body("representatives[1].name", equalTo("钱**"))
                .body("representatives[1].idNumber", matchesPattern("^3413\\*{10}[0-9]{3}[0-9X]$"));

        List<JsonNode> events = RegisteredEvents.allOf(id).stream()
                .map(r -> Contracts.assertValidRecord("petition.registered", r)).toList();
        assertEquals(1, events.size(), "one batch (批次)");
        assertEquals(12, events.get(0).get("personCount").asInt(), "twelve person-times (人次)");
        String json = events.get(0).toString();
        assertFalse(json.contains("钱大勇") || json.contains("赵铁柱"), "no representative named in the event");

        given().auth().oauth2(TestTokens.supervisor("34")).queryParam("from", LocalDate.now().minusDays(1).toString())
                .queryParam("to", LocalDate.now().plusDays(1).toString()).queryParam("location", "341302001")
                .get("/registrations/summary").then().statusCode(200)
                .body("batches", org.hamcrest.Matchers.greaterThanOrEqualTo(1))
                .body("persons", org.hamcrest.Matchers.greaterThanOrEqualTo(12));
    }

    @Test
    void groupsAreCheckedForFormatOnly() {
        Map<String, Object> six = Bodies.petition("WALK_IN", "labour-wages", "341302", "六名代表",
                Bodies.person("赵铁柱", Bodies.mobile(), null));
        six.put("personCount", 40);
        six.put("representatives", java.util.stream.IntStream.range(0, 6)
                .mapToObj(i -> Map.of("name", "代表" + i, "idNumber", Bodies.idNumber())).toList());
        given().auth().oauth2(TestTokens.clerk()).contentType(ContentType.JSON).body(six)
                .post("/petitions").then().statusCode(400).body("violations.field", hasItem("representatives"));

        Map<String, Object> fewer = Bodies.petition("WALK_IN", "labour-wages", "341302", "人数少于代表",
                Bodies.person("赵铁柱", Bodies.mobile(), null));
        fewer.put("personCount", 1);
        fewer.put("representatives", List.of(Map.of("name", "甲", "idNumber", Bodies.idNumber()),
                Map.of("name", "乙", "idNumber", Bodies.idNumber())));
        given().auth().oauth2(TestTokens.clerk()).contentType(ContentType.JSON).body(fewer)
                .post("/petitions").then().statusCode(400).body("violations.field", hasItem("personCountCoveringRepresentatives"));

        String valid = Bodies.idNumber();
        char wrongCheck = valid.charAt(17) == '1' ? '2' : '1';
        Map<String, Object> badId = Bodies.petition("WALK_IN", "labour-wages", "341302", "身份证校验码错误",
                Bodies.person("赵铁柱", Bodies.mobile(), valid.substring(0, 17) + wrongCheck));
        given().auth().oauth2(TestTokens.clerk()).contentType(ContentType.JSON).body(badId)
                .post("/petitions").then().statusCode(400).body("violations.field", hasItem("petitioner.idNumber"));
    }

    @Test
    void accusedUnitsAreNamedInTheEventAndAccusedPersonsAreNot() {
        Map<String, Object> report = Bodies.petition("WALK_IN", "discipline", "340103", "举报某局干部索要好处费",
                Bodies.person("吴明", Bodies.mobile(), null));
        report.put("accused", List.of(
                Map.of("name", "李某某", "kind", "PERSON"),
                Map.of("name", "合肥某置业有限公司", "kind", "UNIT"),
                Map.of("name", "庐阳区某局", "kind", "UNIT", "unitCode", "340103-LAND")));
        String id = given().auth().oauth2(TestTokens.clerk()).contentType(ContentType.JSON).body(report)
                .post("/petitions").then().statusCode(201).extract().path("petitionId");
        given().auth().oauth2(TestTokens.clerk()).get("/petitions/" + id).then().statusCode(200)
                .body("accused", hasSize(3)).body("accused[0].kind", equalTo("PERSON"));
        var record = RegisteredEvents.recordOf(id);
        JsonNode event = Contracts.assertValidRecord("petition.registered", record);
        assertEquals(List.of("合肥某置业有限公司", "庐阳区某局"),
                List.of(event.get("accusedTargets").get(0).asText(), event.get("accusedTargets").get(1).asText()));
        assertEquals("340103-LAND", event.get("accusedUnitCodes").get(0).asText());
        assertFalse(record.value().contains("李某某"), "accused persons are not named in events");
        assertTrue(record.value().contains("accusedTargets"));
    }
}

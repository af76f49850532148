package gov.petitions.supervision;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import gov.petitions.testing.Contracts;
import gov.petitions.testing.KafkaProbe;
import gov.petitions.testing.TestSecrets;
import gov.petitions.testing.TestTokens;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One matter, many petitioners (同一事项归并, docs/linked-cases.md), through REST, the real PostgreSQL and the real
 * broker: suggestions within the caller's scope, linking all or none, the lead's steps carried to each member with its
 * own case.status-changed, a member not worked directly, a split, recusal between cases of two counties, and bad input.
 */
@QuarkusTest
@QuarkusTestResource(TestSecrets.class)
class LinkedCasesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String UNIT = "341302-RSJ";
    private static KafkaProbe linked;
    private static KafkaProbe unlinked;
    private static KafkaProbe statusChanged;

    @BeforeAll
    static void open() {
        linked = KafkaProbe.open("case.linked");
        unlinked = KafkaProbe.open("case.unlinked");
        statusChanged = KafkaProbe.open("case.status-changed");
    }

    @AfterAll
    static void close() {
        linked.close();
        unlinked.close();
        statusChanged.close();
    }

    /** A registered and assigned case with its own tracking number; returns its id once the ledger has both. */
    static String openCase(String location, List<String> accused, String unit, String level, String category,
                           int persons) throws Exception {
        String id = UUID.randomUUID().toString();
        String tracking = "XF20261206" + ThreadLocalRandom.current().nextInt(100000, 999999);
        OffsetDateTime at = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MILLIS);
        ObjectNode registered = (ObjectNode) JSON.readTree(Contracts.example("petition.registered"));
        registered.put("petitionId", id).put("trackingNumber", tracking).put("categoryCode", category)
                .put("locationCode", location).put("personCount", persons).put("registeredAt", java.time.format.DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(at));
        registered.remove("repeatOf");
        registered.remove("receivedByLeader");
        registered.putArray("accusedUnitCodes").addAll(accused.stream().map(JSON.getNodeFactory()::textNode).toList());
        ObjectNode assigned = (ObjectNode) JSON.readTree(Contracts.example("case.assigned"));
        assigned.put("petitionId", id).put("assignmentId", UUID.randomUUID().toString()).put("sequence", 1)
                .put("trackingNumber", tracking).put("level", level).put("reason", "INITIAL")
                .put("categoryCode", category).put("locationCode", location)
                .put("registeredAt", java.time.format.DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(at)).put("assignedAt", java.time.format.DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(at));
        ((ObjectNode) assigned.get("unit")).put("code", unit).put("name", unit)
                .put("divisionCode", unit.substring(0, unit.indexOf('-'))).put("level", level);
        assigned.remove("previousUnit");
        assigned.remove("note");
        String r = JSON.writeValueAsString(registered);
        String a = JSON.writeValueAsString(assigned);
        Contracts.assertValid("petition.registered", r);
        Contracts.assertValid("case.assigned", a);
        KafkaProbe.send("petition.registered", id, "gov.petition.petition.registered.v1", UUID.randomUUID(), r);
        KafkaProbe.send("case.assigned", id, "gov.petition.case.assigned.v1", UUID.randomUUID(), a);
        // the province's supervisor sees it once the accusation (petition.registered) is applied too
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(TestTokens.supervisor("34"))
                .get("/ledger/" + id).then().statusCode(200).body("status", equalTo("ASSIGNED"))
                .body("personCount", equalTo(persons)));
        return id;
    }

    private static String category() {
        return "link-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static ValidatableResponse link(String token, String lead, Object body) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(body)
                .post("/cases/" + lead + "/linked-cases").then();
    }

    private static ValidatableResponse link(String token, String lead, List<String> members) {
        return link(token, lead, Map.of("caseIds", members, "reason", "同一用工单位拖欠工资"));
    }

    private static ValidatableResponse ledger(String id) {
        return given().auth().oauth2(TestTokens.auditor()).get("/ledger/" + id).then().statusCode(200);
    }

    private static ValidatableResponse problem(ValidatableResponse response, int status, String type) {
        return response.statusCode(status).contentType("application/problem+json").body("type", endsWith("/" + type));
    }

    private static boolean toStatus(ConsumerRecord<String, String> record, String status) {
        try {
            return status.equals(data(record).path("toStatus").asText());
        } catch (Exception e) {
            return false;
        }
    }

    private static String fromStatus(ConsumerRecord<String, String> record) {
        try {
            return data(record).path("fromStatus").asText();
        } catch (Exception e) {
            return null;
        }
    }

    private static JsonNode data(ConsumerRecord<String, String> record) throws Exception {
        return JSON.readTree(record.value());
    }

    @Test
    void aMatterIsLinkedHandledOnceByTheLeadsUnitAndSplitAgain() throws Exception {
        String category = category();
        String lead = openCase("341302", List.of(), UNIT, "COUNTY", category, 3);
        String first = openCase("341302", List.of(), UNIT, "COUNTY", category, 2);
        String second = openCase("341302001", List.of(), UNIT, "COUNTY", category, 5);
        String elsewhere = openCase("341321", List.of(), "341321-RSJ", "COUNTY", category, 1);
        String supervisor = TestTokens.supervisor("3413");
        String clerk = TestTokens.clerk("341302");

        // the same county, category and accused units: suggested to whoever may link them, and only them, the most
        // alike in text first as intake judges it (the ledger holds no text)
        IntakeStandIn.SIMILARITY.put(second, 0.9);
        IntakeStandIn.SIMILARITY.put(first, 0.2);
        given().auth().oauth2(clerk).get("/cases/" + lead + "/link-suggestions").then().statusCode(200)
                .body("items.petitionId", hasItems(first, second)).body("items.petitionId", not(hasItem(elsewhere)))
                .body("items.petitionId", not(hasItem(lead)))
                .body("items[0].petitionId", equalTo(second)).body("items[0].similarity", equalTo(0.9f))
                .body("items.find { it.petitionId == '" + first + "' }.similarity", equalTo(0.2f));
        assertTrue(System.getProperty(IntakeStandIn.REQUESTS).contains("POST /intake/internal/similarity\n"),
                "intake was asked with supervision's service token: " + System.getProperty(IntakeStandIn.REQUESTS));
        given().auth().oauth2(TestTokens.clerk("3415")).get("/cases/" + lead + "/link-suggestions").then()
                .statusCode(404).contentType("application/problem+json");
        given().auth().oauth2(TestTokens.handler(UNIT)).get("/cases/" + lead + "/link-suggestions").then().statusCode(403);

        link(clerk, lead, List.of(first, second)).statusCode(200).body("role", equalTo("LEAD"))
                .body("lead.petitionId", equalTo(lead)).body("members.petitionId", equalTo(List.of(first, second)))
                .body("batches", equalTo(3)).body("personTimes", equalTo(10));
        for (String member : List.of(first, second)) {
            ConsumerRecord<String, String> record = linked.awaitKey(member, Duration.ofSeconds(30));
            Contracts.assertValid("case.linked", record.value());
            assertEquals(lead, data(record).get("leadPetitionId").asText());
            assertEquals("clerk", data(record).get("linkedByRole").asText());
            assertEquals(3, data(record).get("matterCases").asInt());
        }
        // linked again: nothing changes, and the suggestions leave linked cases out
        link(supervisor, lead, List.of(first)).statusCode(200).body("members.size()", equalTo(2));
        given().auth().oauth2(supervisor).get("/cases/" + lead + "/link-suggestions").then().statusCode(200)
                .body("items.petitionId", not(hasItem(first)));
        given().auth().oauth2(TestTokens.handler(UNIT)).get("/cases/" + second + "/linked-cases").then().statusCode(200)
                .body("role", equalTo("MEMBER")).body("lead.petitionId", equalTo(lead)).body("batches", equalTo(3));
        // the queue shows each case's part in the matter, so that a list needs no call per case
        String leadTracking = ledger(lead).extract().path("trackingNumber");
        given().auth().oauth2(supervisor).queryParam("category", category).queryParam("size", 200).get("/cases/queue")
                .then().statusCode(200)
                .body("items.find { it.petitionId == '" + lead + "' }.linkedCases", equalTo(2))
                .body("items.find { it.petitionId == '" + lead + "' }.leadPetitionId", equalTo(null))
                .body("items.find { it.petitionId == '" + first + "' }.leadPetitionId", equalTo(lead))
                .body("items.find { it.petitionId == '" + second + "' }.leadTrackingNumber", equalTo(leadTracking))
                .body("items.find { it.petitionId == '" + second + "' }.linkedCases", equalTo(0))
                .body("items.find { it.petitionId == '" + elsewhere + "' }.linkedCases", equalTo(0));
        // a lead is no member, a member no lead
        problem(link(supervisor, first, List.of(elsewhere)), 409, "lead-is-member");
        String third = openCase("341302", List.of(), UNIT, "COUNTY", category, 1);
        problem(link(supervisor, third, List.of(lead)), 409, "member-is-lead");
        problem(link(supervisor, third, List.of(first)), 409, "linked-elsewhere");

        // a member is not worked on its own: one 409 naming the lead
        String handler = TestTokens.handler(UNIT);
        problem(given().auth().oauth2(handler).contentType(ContentType.JSON).body(Map.of("accepted", true))
                .post("/cases/" + first + "/decision").then(), 409, "handled-with-lead")
                .body("detail", containsString(lead));
        problem(given().auth().oauth2(supervisor).contentType(ContentType.JSON).body(Map.of("reason", "尽快"))
                .post("/cases/" + second + "/urge").then(), 409, "handled-with-lead");

        // the lead's unit accepts the matter: each member follows, each with its own case.status-changed
        given().auth().oauth2(handler).contentType(ContentType.JSON).body(Map.of("accepted", true))
                .post("/cases/" + lead + "/decision").then().statusCode(200).body("status", equalTo("ACCEPTED"));
        String handlingDue = ledger(lead).extract().path("handlingDueAt");
        for (String member : List.of(first, second)) {
            ledger(member).body("status", equalTo("ACCEPTED")).body("unitCode", equalTo(UNIT))
                    .body("handlingDueAt", equalTo(handlingDue));
            List<ConsumerRecord<String, String>> changes = statusChanged.await(r -> member.equals(r.key())
                    && toStatus(r, "ACCEPTED"), 1, Duration.ofSeconds(30));
            Contracts.assertValid("case.status-changed", changes.get(0).value());
        }
        assertEquals(0L, QuarkusTransaction.requiringNew().call(() -> Deadline.count(
                "petitionId = ?1 and stoppedAt is null", UUID.fromString(first))), "a member runs no clock of its own");
        // joining an assigned lead while assigned changed no member's status: no change was told (the petitioner would
        // have heard of an assignment twice); case.linked told the link
        assertEquals(List.of(), statusChanged.settle(r -> (first.equals(r.key()) || second.equals(r.key()))
                        && toStatus(r, "ASSIGNED") && "ASSIGNED".equals(fromStatus(r)), Duration.ofMillis(500)),
                "no ASSIGNED → ASSIGNED change for a member that joined an assigned lead");

        // the statistics count each case of the matter as a batch with its persons, and the matter once
        String today = OffsetDateTime.now(java.time.ZoneId.of("Asia/Shanghai")).toLocalDate().toString();
        given().auth().oauth2(supervisor).queryParam("period", "day").queryParam("date", today)
                .queryParam("jurisdiction", "341302").get("/statistics/volume").then().statusCode(200)
                .body("mergedMatters", greaterThanOrEqualTo(1)).body("linkedCases", greaterThanOrEqualTo(2))
                .body("byCategory." + category + ".batches", equalTo(4))
                .body("byCategory." + category + ".personTimes", equalTo(11));

        // split: the second case goes its own way at its status, its handling clock running again
        problem(given().auth().oauth2(clerk).contentType(ContentType.JSON).body(Map.of("reason", " "))
                .delete("/cases/" + lead + "/linked-cases/" + second).then(), 400, "invalid-input");
        given().auth().oauth2(clerk).contentType(ContentType.JSON).body(Map.of("reason", "另一工地，非同一事项"))
                .delete("/cases/" + lead + "/linked-cases/" + second).then().statusCode(200)
                .body("members.petitionId", equalTo(List.of(first))).body("batches", equalTo(2));
        ConsumerRecord<String, String> split = unlinked.awaitKey(second, Duration.ofSeconds(30));
        Contracts.assertValid("case.unlinked", split.value());
        assertEquals("SPLIT", data(split).get("cause").asText());
        assertEquals("HANDLING", data(split).get("clock").asText());
        problem(given().auth().oauth2(clerk).contentType(ContentType.JSON).body(Map.of("reason", "again"))
                .delete("/cases/" + lead + "/linked-cases/" + second).then(), 409, "not-linked");
        given().auth().oauth2(handler).get("/cases/" + second + "/linked-cases").then().statusCode(200)
                .body("role", equalTo("NONE")).body("batches", equalTo(1)).body("personTimes", equalTo(5));
        given().auth().oauth2(handler).contentType(ContentType.JSON).body(Map.of("days", 10, "reason", "需现场核实"))
                .post("/cases/" + second + "/extension").then().statusCode(200).body("status", equalTo("EXTENDED"));

        // the reply to the lead is the member's reply; the split case is not touched
        given().auth().oauth2(handler).contentType(ContentType.JSON).body(Map.of("text", "已督促用工单位足额支付工资"))
                .post("/cases/" + lead + "/reply").then().statusCode(200).body("status", equalTo("REPLIED"));
        ledger(first).body("status", equalTo("REPLIED"));
        given().auth().oauth2(TestTokens.service()).queryParam("status", "REPLIED")
                .get("/cases/" + first + "/written-decision").then().statusCode(200)
                .body(containsString("已督促用工单位足额支付工资"));
        ledger(second).body("status", equalTo("EXTENDED"));
        statusChanged.await(r -> first.equals(r.key()) && toStatus(r, "REPLIED"), 1,
                Duration.ofSeconds(30));

        // a member split off after the reply keeps it; a closed case is linked to nothing
        given().auth().oauth2(supervisor).contentType(ContentType.JSON).body(Map.of("reason", "各自评价"))
                .delete("/cases/" + lead + "/linked-cases/" + first).then().statusCode(200).body("members", equalTo(List.of()));
        ledger(first).body("status", equalTo("REPLIED"));
        assertTrue(data(unlinked.awaitKey(first, Duration.ofSeconds(30))).path("clock").isMissingNode(),
                "no clock runs on a replied case");
        problem(link(supervisor, third, List.of(first)), 409, "illegal-transition").body("detail", containsString(first));
    }

    @Test
    void noMatterAcrossARecusalAndNoCaseOutsideTheCallersScope() throws Exception {
        String category = category();
        // 埇桥区 (341302) at its 人社局; 萧县 (341322) accuses 埇桥区人社局 and is held in 萧县
        String yongqiao = openCase("341302", List.of(), UNIT, "COUNTY", category, 1);
        String xiao = openCase("341322", List.of(UNIT), "341322-RSJ", "COUNTY", category, 1);
        String suzhou = TestTokens.supervisor("3413");
        problem(link(suzhou, yongqiao, List.of(xiao)), 409, "recusal-conflict")
                .body("detail", containsString(UNIT));
        problem(link(suzhou, xiao, List.of(yongqiao)), 409, "recusal-conflict");
        // 埇桥区's own bureau may not see the accusation at all: as if it did not exist
        problem(link(TestTokens.supervisor("341302"), yongqiao, List.of(xiao)), 404, "not-found")
                .body("detail", containsString(xiao));
        // 萧县 does not reach 埇桥区's case; another city reaches neither
        problem(link(TestTokens.clerk("341322"), xiao, List.of(yongqiao)), 404, "not-found");
        problem(link(TestTokens.supervisor("3415"), yongqiao, List.of(xiao)), 404, "not-found")
                .body("detail", containsString(yongqiao));
        given().auth().oauth2(TestTokens.supervisor("3415")).get("/cases/" + yongqiao + "/linked-cases").then()
                .statusCode(404).contentType("application/problem+json");
        // nothing was linked by any of it
        given().auth().oauth2(suzhou).get("/cases/" + yongqiao + "/linked-cases").then().statusCode(200)
                .body("role", equalTo("NONE")).body("members.size()", equalTo(0));
        assertTrue(unlinked.settle(r -> xiao.equals(r.key()), Duration.ofMillis(200)).isEmpty());
        assertFalse(linked.settle(r -> xiao.equals(r.key()) || yongqiao.equals(r.key()), Duration.ofSeconds(1))
                .stream().findAny().isPresent(), "no case.linked for a refused link");
    }

    @Test
    void badInputIsAProblem() throws Exception {
        String category = category();
        String lead = openCase("341302", List.of(), UNIT, "COUNTY", category, 1);
        String supervisor = TestTokens.supervisor("3413");
        problem(link(supervisor, lead, Map.of("caseIds", List.of(), "reason", "x")), 400, "invalid-input");
        problem(link(supervisor, lead, Map.of("caseIds", List.of(UUID.randomUUID().toString()))), 400, "invalid-input");
        problem(link(supervisor, lead, List.of(lead)), 400, "self-link");
        String other = UUID.randomUUID().toString();
        problem(link(supervisor, lead, List.of(other, other)), 400, "duplicate-case");
        problem(link(supervisor, lead, Map.of("caseIds", List.of("not-a-uuid"), "reason", "x")), 400, "unreadable-body");
        problem(link(supervisor, lead, Map.of("caseIds", "all", "reason", "x")), 400, "unreadable-body");
        problem(link(supervisor, lead, Map.of("caseIds", List.of(other), "reason", "x", "leadId", lead)), 400,
                "unreadable-body");
        List<String> many = new ArrayList<>();
        for (int i = 0; i < 501; i++) {
            many.add(UUID.randomUUID().toString());
        }
        problem(link(supervisor, lead, many), 400, "invalid-input");
        for (int i = 501; i < 10_000; i++) {
            many.add(UUID.randomUUID().toString());
        }
        problem(link(supervisor, lead, many), 413, "payload-too-large");
        // a case that does not exist, as lead or as member
        problem(link(supervisor, UUID.randomUUID().toString(), List.of(lead)), 404, "not-found");
        problem(link(supervisor, lead, List.of(other)), 404, "not-found");
        given().auth().oauth2(supervisor).contentType(ContentType.JSON).body(Map.of("caseIds", List.of(other), "reason", "x"))
                .post("/cases/not-a-uuid/linked-cases").then().statusCode(404);
        given().auth().oauth2(supervisor).queryParam("limit", 0).get("/cases/" + lead + "/link-suggestions").then()
                .statusCode(400).contentType("application/problem+json");
        // a closed lead: not linked
        String handler = TestTokens.handler(UNIT);
        String member = openCase("341302", List.of(), UNIT, "COUNTY", category, 1);
        given().auth().oauth2(handler).contentType(ContentType.JSON).body(Map.of("accepted", false, "reason", "不属于信访事项"))
                .post("/cases/" + lead + "/decision").then().statusCode(200);
        problem(link(supervisor, lead, List.of(member)), 409, "illegal-transition").body("detail", containsString("NOT_ACCEPTED"));
        ledger(member).body("status", equalTo("ASSIGNED"));
        given().auth().oauth2(supervisor).get("/cases/" + member + "/linked-cases").then().statusCode(200)
                .body("lead.petitionId", equalTo(member)).body("members", equalTo(List.of()));
    }

    @Test
    void aMembersOwnPathLeavesTheMatter() throws Exception {
        String category = category();
        String lead = openCase("341302", List.of(), UNIT, "COUNTY", category, 1);
        String member = openCase("341302", List.of(), UNIT, "COUNTY", category, 1);
        link(TestTokens.supervisor("3413"), lead, List.of(member)).statusCode(200);
        // routing moves the member itself (a reassignment): it is worked on its own from then on
        ObjectNode reassigned = (ObjectNode) JSON.readTree(Contracts.example("case.assigned"));
        String tracking = ledger(member).extract().path("trackingNumber");
        reassigned.put("petitionId", member).put("assignmentId", UUID.randomUUID().toString()).put("sequence", 2)
                .put("trackingNumber", tracking).put("level", "COUNTY").put("reason", "REASSIGNMENT")
                .put("categoryCode", category).put("locationCode", "341302")
                .put("registeredAt", OffsetDateTime.now(ZoneOffset.UTC).toString())
                .put("assignedAt", OffsetDateTime.now(ZoneOffset.UTC).toString());
        ((ObjectNode) reassigned.get("unit")).put("code", "341302-ZJJ").put("name", "埇桥区住建局")
                .put("divisionCode", "341302").put("level", "COUNTY");
        reassigned.remove("previousUnit");
        reassigned.remove("note");
        KafkaProbe.send("case.assigned", member, "gov.petition.case.assigned.v1", UUID.randomUUID(),
                JSON.writeValueAsString(reassigned));
        ConsumerRecord<String, String> left = unlinked.awaitKey(member, Duration.ofSeconds(30));
        Contracts.assertValid("case.unlinked", left.value());
        assertEquals("REASSIGNED", data(left).get("cause").asText());
        assertEquals("system", data(left).get("unlinkedByRole").asText());
        ledger(member).body("unitCode", equalTo("341302-ZJJ")).body("status", equalTo("ASSIGNED"));
        given().auth().oauth2(TestTokens.handler("341302-ZJJ")).contentType(ContentType.JSON)
                .body(Map.of("accepted", true)).post("/cases/" + member + "/decision").then().statusCode(200);
        given().auth().oauth2(TestTokens.auditor()).get("/cases/" + lead + "/linked-cases").then().statusCode(200)
                .body("role", equalTo("NONE")).body("lead.status", equalTo("ASSIGNED"))
                .body("lead.linkedAt", nullValue());

        // after the matter's reply, a petitioner who asks for a review (复查) takes their own case on alone
        String other = openCase("341302", List.of(), UNIT, "COUNTY", category, 2);
        link(TestTokens.clerk("341302"), lead, List.of(other)).statusCode(200);
        ledger(other).body("leadPetitionId", equalTo(lead));
        ledger(lead).body("linkedCases", equalTo(1)).body("leadPetitionId", nullValue());
        String handler = TestTokens.handler(UNIT);
        given().auth().oauth2(handler).contentType(ContentType.JSON).body(Map.of("accepted", true))
                .post("/cases/" + lead + "/decision").then().statusCode(200);
        given().auth().oauth2(handler).contentType(ContentType.JSON).body(Map.of("text", "已答复"))
                .post("/cases/" + lead + "/reply").then().statusCode(200);
        ledger(other).body("status", equalTo("REPLIED")).body("replyText", equalTo("已答复"));
        given().auth().oauth2(TestTokens.service()).contentType(ContentType.JSON).body(Map.of("reason", "对答复不服"))
                .post("/internal/cases/" + other + "/review-request").then().statusCode(200);
        ConsumerRecord<String, String> review = unlinked.awaitKey(other, Duration.ofSeconds(30));
        Contracts.assertValid("case.unlinked", review.value());
        assertEquals("REVIEW_REQUESTED", data(review).get("cause").asText());
        assertEquals("petitioner", data(review).get("unlinkedByRole").asText());
        ledger(other).body("status", equalTo("REVIEW_REQUESTED")).body("leadPetitionId", nullValue());
        ledger(lead).body("status", equalTo("REPLIED")).body("linkedCases", equalTo(0));
    }
}

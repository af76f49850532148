package gov.petitions.routing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import gov.petitions.routing.directory.DivisionLoader;
import gov.petitions.testing.Contracts;
import gov.petitions.testing.KafkaProbe;
import gov.petitions.testing.TestSecrets;
import gov.petitions.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.UUID;
import java.util.function.Predicate;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The same build deployed for a second province: Ningxia (宁夏回族自治区, 64), with its own configuration, database and
 * division files. Its tree is Ningxia's alone, its petitions go to Ningxia's units and up Ningxia's levels, and a
 * petition or a code of Anhui (the other deployment's province) is refused.
 */
@QuarkusTest
@TestProfile(NingxiaDeployment.class)
@QuarkusTestResource(TestSecrets.class)
class NingxiaRoutingTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static KafkaProbe assigned;
    private static KafkaProbe deadLetters;

    @Inject
    DivisionLoader loader;

    @BeforeAll
    static void open() {
        assigned = KafkaProbe.open("case.assigned");
        deadLetters = KafkaProbe.open("routing-service.dlq");
    }

    @AfterAll
    static void close() {
        assigned.close();
        deadLetters.close();
    }

    @Test
    void theTreeIsNingxiasFromItsNbsFiles() {
        given().when().get("/divisions/64").then().statusCode(200).body("name", equalTo("宁夏回族自治区"))
                .body("level", equalTo("PROVINCE"));
        given().when().get("/divisions/64/children").then().statusCode(200)
                .body("code", contains("6401", "6402", "6403", "6404", "6405"));
        given().when().get("/divisions/640104001/ancestors").then().statusCode(200)
                .body("code", contains("64", "6401", "640104", "640104001"))
                .body("name", contains("宁夏回族自治区", "银川市", "兴庆区", "凤凰北街街道"));
        // units by rule, as Anhui's: every county its departments and its petition bureau, a township its government
        given().when().get("/divisions/640104/units").then().statusCode(200)
                .body("code", hasItems("640104-RSJ", "640104-XFJ", "640104-ZF"))
                .body("find { it.code == '640104-RSJ' }.name", equalTo("兴庆区人力资源和社会保障局"))
                .body("find { it.code == '640104-XFJ' }.name", equalTo("兴庆区信访局"));
        given().when().get("/divisions/64/units").then().statusCode(200)
                .body("find { it.code == '64-FY' }.name", equalTo("宁夏回族自治区高级人民法院"));
        given().when().get("/divisions/640104001/units").then().statusCode(200).body("code", contains("640104001-ZF"));
        // the migrations' Anhui seed is gone from this deployment's database
        given().queryParam("q", "合肥").when().get("/divisions").then().statusCode(200).body("$", empty());
        given().queryParam("q", "34").when().get("/divisions").then().statusCode(200).body("$", empty());
        // every city has a covering provincial leader, and no leader covers an Anhui city any more
        given().auth().oauth2(TestTokens.auditor()).when().get("/leaders").then().statusCode(200)
                .body("covers.flatten()", hasItems("6401", "6402", "6403", "6404", "6405"))
                .body("covers.flatten()", not(hasItems("3401")));
    }

    @Test
    void anAnhuiCodeIsRefusedWithAProblemThatSaysWhy() {
        given().when().get("/divisions/341302").then().statusCode(404).contentType("application/problem+json")
                .body("type", endsWith("/outside-province"))
                .body("detail", containsString("341302 is not a division of 宁夏回族自治区 (64)"));
        given().when().get("/divisions/34/children").then().statusCode(404).contentType("application/problem+json")
                .body("type", endsWith("/outside-province"));
        // a code of Ningxia that the tree does not have is the ordinary 404
        given().when().get("/divisions/649999").then().statusCode(404).contentType("application/problem+json")
                .body("detail", containsString("No division of 宁夏回族自治区 with code 649999"));
    }

    @Test
    void aSecondLoadOfTheSameFilesChangesNothing() throws Exception {
        DivisionLoader.Summary again = loader.load();
        assertEquals(1 + 5 + 22 + 259, again.inFiles(), "Ningxia: the region, 5 cities, 22 counties, 259 townships");
        assertTrue(again.changedNothing(), again.toString());
        assertEquals(0, again.divisionsKept(), "nothing of Anhui is left in this database");
    }

    @Test
    void aNingxiaPetitionGoesToItsCountyThenItsCityThenTheRegion() throws Exception {
        String id = UUID.randomUUID().toString();
        UUID eventId = UUID.randomUUID();
        String petition = RoutingFlowTest.registered(id, "labour-wages", "640104", null);
        JsonNode county = untilAssigned(id, 1, () -> KafkaProbe.send(NingxiaTopics.PETITION_REGISTERED, id,
                "gov.petition.petition.registered.v1", eventId, petition));
        assertEquals("640104-RSJ", county.at("/unit/code").asText());
        assertEquals("兴庆区人力资源和社会保障局", county.at("/unit/name").asText());
        assertEquals("640104", county.at("/unit/divisionCode").asText());
        assertEquals("COUNTY", county.get("level").asText());

        JsonNode city = untilAssigned(id, 2, () -> escalate(id, "640104-RSJ"));
        assertEquals("6401-RSJ", city.at("/unit/code").asText());
        assertEquals("银川市人力资源和社会保障局", city.at("/unit/name").asText());
        assertEquals("ESCALATION", city.get("reason").asText());
        assertFalse(city.path("coveringLeaders").isEmpty(), "银川市's covering leader goes with the case: " + city);

        JsonNode region = untilAssigned(id, 3, () -> escalate(id, "6401-RSJ"));
        assertEquals("64-RSJ", region.at("/unit/code").asText());
        assertEquals("宁夏回族自治区人力资源和社会保障局", region.at("/unit/name").asText());
        assertEquals("PROVINCE", region.get("level").asText());

        // the scope model reads "the province" from the configuration: Ningxia's provincial supervisor sees the case,
        // a token of Anhui's sees nothing here
        given().auth().oauth2(TestTokens.supervisor("64")).when().get("/cases/" + id + "/assignments").then()
                .statusCode(200).body("history", hasSize(3)).body("current.unitCode", equalTo("64-RSJ"));
        given().auth().oauth2(TestTokens.supervisor("6401")).when().get("/cases/" + id + "/assignments").then()
                .statusCode(200);
        given().auth().oauth2(TestTokens.supervisor("34")).when().get("/cases/" + id + "/assignments").then()
                .statusCode(404).contentType("application/problem+json");
    }

    @Test
    void anAnhuiPetitionIsNotRoutedHereButDeadLetteredWithTheReason() throws Exception {
        String id = UUID.randomUUID().toString();
        UUID eventId = UUID.randomUUID();
        String petition = RoutingFlowTest.registered(id, "labour-wages", "341302", null);
        ConsumerRecord<String, String> dead = until(deadLetters, r -> id.equals(r.key()), () -> KafkaProbe.send(
                NingxiaTopics.PETITION_REGISTERED, id, "gov.petition.petition.registered.v1", eventId, petition));
        String reason = Contracts.header(dead, "dead-letter-reason");
        assertTrue(reason != null && reason.contains("location 341302 is outside this deployment's province (64)"), reason);
        assertTrue(assigned.settle(r -> id.equals(r.key()), Duration.ofSeconds(2)).isEmpty(), "no unit took it");
    }

    private static void escalate(String id, String fromUnit) {
        try {
            ObjectNode request = (ObjectNode) JSON.readTree(Contracts.example("case.escalation-requested"));
            request.put("petitionId", id);
            request.put("fromUnitCode", fromUnit);
            request.put("reason", "CANNOT_RESOLVE");
            request.put("fromLevel", fromUnit.indexOf('-') == 6 ? "COUNTY" : "CITY");
            String json = JSON.writeValueAsString(request);
            Contracts.assertValid("case.escalation-requested", json);
            KafkaProbe.send(NingxiaTopics.ESCALATION_REQUESTED, id, "gov.petition.case.escalation-requested.v1",
                    UUID.randomUUID(), json);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The deployment's consumers start at the end of the shared topics, so a record sent before they hold their
     * partitions is not theirs: send again until it is handled. Harmless: the same event id is handled once, a
     * second escalation from a unit that no longer holds the case is ignored.
     */
    private static JsonNode untilAssigned(String id, int sequence, Runnable send) throws Exception {
        ConsumerRecord<String, String> record = until(assigned,
                r -> id.equals(r.key()) && JSON.readTree(r.value()).path("sequence").asInt() == sequence, send);
        return Contracts.assertValidRecord("case.assigned", record);
    }

    private static ConsumerRecord<String, String> until(KafkaProbe probe, ThrowingPredicate match, Runnable send) {
        Predicate<ConsumerRecord<String, String>> test = r -> {
            try {
                return match.test(r);
            } catch (Exception e) {
                return false;
            }
        };
        AssertionError last = null;
        for (int attempt = 0; attempt < 12; attempt++) {
            send.run();
            try {
                return probe.await(test, 1, Duration.ofSeconds(5)).get(0);
            } catch (AssertionError notYet) {
                last = notYet;
            }
        }
        throw last;
    }

    private interface ThrowingPredicate {
        boolean test(ConsumerRecord<String, String> record) throws Exception;
    }
}

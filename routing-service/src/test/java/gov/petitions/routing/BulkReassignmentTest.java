package gov.petitions.routing;

import com.fasterxml.jackson.databind.JsonNode;
import gov.petitions.testing.Contracts;
import gov.petitions.testing.KafkaProbe;
import gov.petitions.testing.TestSecrets;
import gov.petitions.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.oneOf;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * 批量改派 (issue 22): a supervisor moves a list of cases to one unit; each case is checked as a single reassignment
 * would check it and gets its own answer, and a case the supervisor may not see is refused in the very words of a case
 * that does not exist.
 */
@QuarkusTest
@QuarkusTestResource(TestSecrets.class)
class BulkReassignmentTest {

    private static KafkaProbe assigned;

    @BeforeAll
    static void open() {
        assigned = KafkaProbe.open("case.assigned");
    }

    @AfterAll
    static void close() {
        assigned.close();
    }

    private static String routed(String category, String location, List<String> accused, String expectedUnit) throws Exception {
        String id = UUID.randomUUID().toString();
        KafkaProbe.send("petition.registered", id, "gov.petition.petition.registered.v1", UUID.randomUUID(),
                RoutingFlowTest.registered(id, category, location, accused));
        JsonNode first = Contracts.assertValidRecord("case.assigned",
                assigned.await(r -> id.equals(r.key()), 1, Duration.ofSeconds(30)).get(0));
        assertEquals(expectedUnit, first.at("/unit/code").asText());
        return id;
    }

    private static ValidatableResponse bulk(String token, List<String> ids, String unit) {
        return given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("petitionIds", ids, "unitCode", unit, "reason", "批量改派：专项治理"))
                .post("/cases/bulk/reassignment").then();
    }

    private static ValidatableResponse history(String id) {
        return given().auth().oauth2(TestTokens.auditor()).get("/cases/" + id + "/assignments").then();
    }

    @Test
    void eachCaseIsMovedOrRefusedOnItsOwnWithItsReason() throws Exception {
        String suzhou = TestTokens.supervisor("3413");
        String target = "341322-XFJ";
        String movable = routed("labour-wages", "341302", null, "341302-RSJ");
        // the case accuses a unit of 341322: every unit of that county is recused, the target among them
        String recused = routed("labour-wages", "341322", List.of("341322-RSJ"), "3413-RSJ");
        String otherCity = routed("education", "341502", null, "341502-JYJ");
        String never = UUID.randomUUID().toString();
        String alreadyThere = routed("labour-wages", "341322", null, "341322-RSJ");
        given().auth().oauth2(suzhou).contentType(ContentType.JSON).body(Map.of("unitCode", target, "reason", "改派"))
                .post("/cases/" + alreadyThere + "/reassignment").then().statusCode(200);
        String alsoMovable = routed("labour-wages", "341324", null, "341324-RSJ");

        bulk(suzhou, List.of(movable, recused, otherCity, never, alreadyThere, movable, alsoMovable), target)
                .statusCode(200)
                .body("requested", equalTo(7)).body("done", equalTo(2)).body("refused", equalTo(5))
                .body("results.petitionId", equalTo(List.of(movable, recused, otherCity, never, alreadyThere, movable,
                        alsoMovable)))
                .body("results.outcome", equalTo(List.of("done", "refused", "refused", "refused", "refused", "refused",
                        "done")))
                .body("results.reason", equalTo(java.util.Arrays.asList(null, "recused-unit", "not-found", "not-found",
                        "same-unit", "duplicate", null)))
                // another city's case and a case that never existed: the same words, nothing to tell them apart
                .body("results[2].detail", equalTo("No case with petition id " + otherCity))
                .body("results[3].detail", equalTo("No case with petition id " + never));

        for (String id : List.of(movable, alsoMovable)) {
            List<ConsumerRecord<String, String>> records = assigned.await(r -> id.equals(r.key()), 2, Duration.ofSeconds(30));
            JsonNode moved = Contracts.assertValidRecord("case.assigned", records.get(1));
            assertEquals("REASSIGNMENT", moved.get("reason").asText());
            assertEquals(target, moved.at("/unit/code").asText());
            history(id).statusCode(200).body("current.unitCode", equalTo(target)).body("history", hasSize(2));
        }
        history(recused).statusCode(200).body("current.unitCode", equalTo("3413-RSJ")).body("history", hasSize(1));
        history(otherCity).statusCode(200).body("current.unitCode", equalTo("341502-JYJ")).body("history", hasSize(1));
        history(alreadyThere).statusCode(200).body("history", hasSize(2));
    }

    @Test
    void whatConcernsTheWholeRequestRefusesItWholeAndMovesNothing() throws Exception {
        String suzhou = TestTokens.supervisor("3413");
        String id = routed("labour-wages", "341302", null, "341302-RSJ");
        bulk(suzhou, List.of(id), "341302-ZZZ").statusCode(400).contentType("application/problem+json")
                .body("title", equalTo("Unknown unit"));
        bulk(suzhou, List.of(id), "341522-RSJ").statusCode(403).contentType("application/problem+json")
                .body("title", equalTo("Outside your jurisdiction"));
        bulk(TestTokens.handler("341302-RSJ"), List.of(id), "341302-XFJ").statusCode(403);
        bulk(suzhou, List.of(), "341302-XFJ").statusCode(400).contentType("application/problem+json");
        List<String> tooMany = new ArrayList<>(IntStream.range(0, 501).mapToObj(i -> UUID.randomUUID().toString()).toList());
        tooMany.set(0, id);
        bulk(suzhou, tooMany, "341302-XFJ").statusCode(400).contentType("application/problem+json");
        List<String> tenThousand = IntStream.range(0, 10_000).mapToObj(i -> UUID.randomUUID().toString()).toList();
        bulk(suzhou, tenThousand, "341302-XFJ").statusCode(oneOf(400, 413)).contentType("application/problem+json");
        given().auth().oauth2(suzhou).contentType(ContentType.JSON)
                .body("{\"petitionIds\":[\"" + id + "\"],\"unitCode\":\"341302-XFJ\",\"unitCode\":\"341322-RSJ\",\"reason\":\"x\"}")
                .post("/cases/bulk/reassignment").then().statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(suzhou).contentType(ContentType.JSON)
                .body("{\"petitionIds\":[\"not-a-uuid\"],\"unitCode\":\"341302-XFJ\",\"reason\":\"x\"}")
                .post("/cases/bulk/reassignment").then().statusCode(400).contentType("application/problem+json");
        history(id).statusCode(200).body("current.unitCode", equalTo("341302-RSJ")).body("history", hasSize(1));
    }
}

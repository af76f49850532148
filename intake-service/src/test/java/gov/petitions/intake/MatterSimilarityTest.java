package gov.petitions.intake;

import gov.petitions.testing.TestSecrets;
import gov.petitions.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue #21, 同一事项归并: supervision's link suggestions rank candidates by how alike their texts are, which only intake
 * holds; intake answers with numbers (the rule repeats use), to a service only, never with a text.
 */
@QuarkusTest
@QuarkusTestResource(TestSecrets.class)
class MatterSimilarityTest {

    private static String register(String summary, String content) {
        Map<String, Object> body = Bodies.petition("WALK_IN", "labour-wages", "341302", summary,
                Bodies.person("李某", Bodies.mobile(), null));
        body.put("content", content);
        return given().auth().oauth2(TestTokens.clerk()).contentType(ContentType.JSON).body(body)
                .post("/petitions").then().statusCode(201).extract().path("petitionId");
    }

    private static io.restassured.response.ValidatableResponse ask(String token, Object question) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(question)
                .post("/internal/similarity").then();
    }

    @Test
    void theSameMatterScoresHigherThanAnotherAndOnlyNumbersLeaveIntake() {
        String lead = register("某建筑工地拖欠农民工工资", "包工头拖欠我们三十名农民工八个月工资");
        String same = register("农民工工资被拖欠", "某建筑工地的包工头拖欠我们工资八个月");
        String other = register("小区噪音扰民", "夜间施工噪音影响休息");
        String unknown = UUID.randomUUID().toString();

        JsonPath answer = ask(TestTokens.service(), Map.of("petitionId", lead, "candidates", List.of(same, other, unknown)))
                .statusCode(200).contentType(ContentType.JSON).body("petitionId", equalTo(lead))
                .extract().jsonPath();
        double sameScore = answer.getDouble("scores." + same);
        double otherScore = answer.getDouble("scores." + other);
        assertTrue(sameScore > 0.4 && sameScore <= 1.0, "the same matter in other words: " + sameScore);
        assertTrue(otherScore < 0.1, "another matter: " + otherScore);
        assertFalse(answer.getMap("scores").containsKey(unknown), "a petition intake does not hold is left out");
        assertFalse(answer.prettify().contains("工资"), "no text leaves intake: " + answer.prettify());
    }

    @Test
    void onlyAServiceAsksAndBadQuestionsAreProblems() {
        String lead = register("拖欠工资", "拖欠工资三个月");
        Map<String, Object> question = Map.of("petitionId", lead, "candidates", List.of());
        ask(TestTokens.clerk(), question).statusCode(403);
        ask(TestTokens.supervisor("34"), question).statusCode(403);
        given().contentType(ContentType.JSON).body(question).post("/internal/similarity").then().statusCode(401);
        ask(TestTokens.service(), question).statusCode(200).body("scores.size()", equalTo(0));

        List<String> many = new ArrayList<>();
        for (int i = 0; i < 51; i++) {
            many.add(UUID.randomUUID().toString());
        }
        ask(TestTokens.service(), Map.of("petitionId", lead, "candidates", many)).statusCode(400)
                .contentType("application/problem+json");
        ask(TestTokens.service(), Map.of("petitionId", "not-a-uuid", "candidates", List.of())).statusCode(400)
                .contentType("application/problem+json");
        ask(TestTokens.service(), "{\"petitionId\":\"" + lead + "\"}").statusCode(400).contentType("application/problem+json");
        ask(TestTokens.service(), Map.of("petitionId", UUID.randomUUID().toString(), "candidates", List.of(lead)))
                .statusCode(404).contentType("application/problem+json");
    }
}

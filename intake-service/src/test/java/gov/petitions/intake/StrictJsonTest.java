package gov.petitions.intake;

import gov.petitions.testing.TestSecrets;
import gov.petitions.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

/**
 * Issue #17 item 5: a body with a key given twice got a 500 with an empty body (Quarkus REST's own mapper for
 * Jackson's InvalidDefinitionException, raised for a record's creator property seen twice), and "summary": 123 was
 * taken as text. Both are 400 problem+json now, on every public POST and the desk's.
 */
@QuarkusTest
@QuarkusTestResource(TestSecrets.class)
class StrictJsonTest {

    private static final String TRACKING = "\"trackingNumber\":\"XF20260101000001\"";
    private static final String CODE = "\"queryCode\":\"ABCDEFGHJKMNP\"";

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "status-lookups  | {" + TRACKING + "," + CODE + "," + CODE + "}",
            "status-lookups  | {" + TRACKING + "," + CODE + ",\"queryCode\":\"ZZZZZZZZZZZZZ\"}",
            "status-lookups  | {" + TRACKING + "," + TRACKING + "," + CODE + "}",
            "evaluations     | {" + TRACKING + "," + CODE + "," + CODE + ",\"satisfied\":true}",
            "evaluations     | {" + TRACKING + "," + CODE + ",\"satisfied\":true,\"satisfied\":false}",
            "review-requests | {" + TRACKING + "," + CODE + "," + CODE + ",\"reason\":\"不服\"}",
            "petitions       | {\"categoryCode\":\"education\",\"categoryCode\":\"education\",\"locationCode\":\"340102\",\"summary\":\"重复键\",\"petitioner\":{\"name\":\"甲\",\"phone\":\"13800000001\"}}",
            "petitions       | {\"categoryCode\":\"education\",\"locationCode\":\"340102\",\"summary\":\"重复键\",\"petitioner\":{\"name\":\"甲\",\"name\":\"乙\",\"phone\":\"13800000001\"}}"
    })
    void aDuplicateKeyIsRefusedWith400ProblemJson(String endpoint, String body) {
        given().contentType(ContentType.JSON).body(body).post("/public/" + endpoint)
                .then().statusCode(400).contentType("application/problem+json")
                .body("status", equalTo(400))
                .body("type", equalTo("https://petitions.gov.example/problems/unreadable-body"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "petitions       | {\"categoryCode\":\"education\",\"locationCode\":\"340102\",\"summary\":123,\"petitioner\":{\"name\":\"甲\",\"phone\":\"13800000001\"}}",
            "petitions       | {\"categoryCode\":\"education\",\"locationCode\":\"340102\",\"summary\":\"数字电话\",\"petitioner\":{\"name\":\"甲\",\"phone\":13800000001}}",
            "petitions       | {\"categoryCode\":\"education\",\"locationCode\":\"340102\",\"summary\":true,\"petitioner\":{\"name\":\"甲\",\"phone\":\"13800000001\"}}",
            "status-lookups  | {\"trackingNumber\":20260101000001," + CODE + "}",
            "evaluations     | {" + TRACKING + "," + CODE + ",\"satisfied\":\"true\"}",
            "evaluations     | {" + TRACKING + "," + CODE + ",\"satisfied\":1}",
            "review-requests | {" + TRACKING + "," + CODE + ",\"reason\":1.5}"
    })
    void aValueOfTheWrongTypeIsRefusedNotCoerced(String endpoint, String body) {
        given().contentType(ContentType.JSON).body(body).post("/public/" + endpoint)
                .then().statusCode(400).contentType("application/problem+json").body("status", equalTo(400));
    }

    @Test
    void theDeskIsStrictToo() {
        given().auth().oauth2(TestTokens.clerk()).contentType(ContentType.JSON)
                .body("{\"channel\":\"WALK_IN\",\"categoryCode\":\"labour-wages\",\"locationCode\":\"341302\",\"summary\":\"a\","
                        + "\"summary\":\"b\",\"petitioner\":{\"name\":\"甲\",\"phone\":\"13800000001\"}}")
                .post("/petitions").then().statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(TestTokens.clerk()).contentType(ContentType.JSON)
                .body("{\"channel\":\"WALK_IN\",\"categoryCode\":\"labour-wages\",\"locationCode\":\"341302\",\"summary\":\"a\","
                        + "\"personCount\":\"3\",\"petitioner\":{\"name\":\"甲\",\"phone\":\"13800000001\"}}")
                .post("/petitions").then().statusCode(400).contentType("application/problem+json");
    }
}

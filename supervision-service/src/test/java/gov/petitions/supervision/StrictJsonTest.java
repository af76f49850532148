package gov.petitions.supervision;

import gov.petitions.testing.TestSecrets;
import gov.petitions.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.oneOf;

/**
 * supervision reads bodies strictly, like every service: a duplicate key, an unknown field, text where a number
 * belongs, trailing data and an oversized body are refused with problem+json, and nothing of them is recorded.
 */
@QuarkusTest
@QuarkusTestResource(TestSecrets.class)
class StrictJsonTest {

    @Test
    void anAmbiguousOrOversizedBodyIsRefusedAndChangesNothing() throws Exception {
        String id = ScopeAndRecusalTest.openCase("341302", List.of(), "341302-RSJ", "COUNTY");
        String supervisor = TestTokens.supervisor("3413");
        for (String body : List.of(
                "{\"reason\":\"尽快办理\",\"reason\":\"别办了\"}",
                "{\"reason\":\"尽快办理\",\"urgeCount\":99}",
                "{\"reason\":123}",
                "{\"reason\":\"尽快办理\"} {\"reason\":\"x\"}",
                "{\"reason\":\"" + "催".repeat(100_000) + "\"}")) {
            given().auth().oauth2(supervisor).contentType(ContentType.JSON).body(body).post("/cases/" + id + "/urge")
                    .then().statusCode(oneOf(400, 413)).contentType("application/problem+json");
        }
        given().auth().oauth2(TestTokens.handler("341302-RSJ")).contentType(ContentType.JSON)
                .body("{\"days\":\"30\",\"reason\":\"需要调查\"}").post("/cases/" + id + "/extension")
                .then().statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(supervisor).get("/ledger/" + id).then().statusCode(200).body("status", equalTo("ASSIGNED"));
        given().auth().oauth2(supervisor).get("/cases/" + id + "/leadership").then().statusCode(200).body("urgeCount", equalTo(0));
    }
}

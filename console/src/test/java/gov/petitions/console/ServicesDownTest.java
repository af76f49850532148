package gov.petitions.console;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * With every service down, each of the console's proxies gives the browser the same problem: the JSON API
 * (ApiProxy), a queue's export (ExportProxy) and materials (MaterialProxy) share one mapping of failures
 * (UpstreamFailure), so a page handles "unreachable" once.
 */
@QuarkusTest
@TestProfile(WithoutDevSignIn.class)
class ServicesDownTest {

    @Test
    void everyProxyAnswersAnUnreachableServiceWithTheSameProblem() {
        Map<String, Object> api = unreachable(given().header("Authorization", "Bearer abc.def.ghi")
                .when().get("/api/supervision/statistics/volume").then().extract());
        Map<String, Object> export = unreachable(given().header("Authorization", "Bearer abc.def.ghi")
                .when().get("/api/supervision/cases/export?format=csv").then().extract());
        Map<String, Object> list = unreachable(given().header("Authorization", "Bearer abc.def.ghi")
                .when().get("/api/intake/petitions/3f2a/materials").then().extract());
        Map<String, Object> upload = unreachable(given().header("Authorization", "Bearer abc.def.ghi")
                .contentType("application/pdf").header("X-File-Name", "a.pdf").body(new byte[1024])
                .when().post("/api/intake/petitions/3f2a/materials").then().extract());
        assertEquals(api, export, "the JSON API and the export");
        assertEquals(api.get("type"), list.get("type"));
        assertEquals("The intake service does not answer; try again in a moment", list.get("detail"));
        assertEquals(list, upload);
    }

    private static Map<String, Object> unreachable(ExtractableResponse<Response> answer) {
        assertEquals(502, answer.statusCode(), answer.asString());
        assertEquals("application/problem+json", answer.contentType());
        Map<String, Object> problem = answer.jsonPath().getMap("$");
        assertEquals("https://petitions.gov.example/problems/service-unreachable", problem.get("type"));
        assertEquals("Service unreachable", problem.get("title"));
        return problem;
    }
}

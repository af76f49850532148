package gov.petitions.console;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Retention and archiving (信访档案) pass the console for exactly the calls the retention page makes, and fail closed
 * beside them: runs are listed and started, a run is read; no other method on those paths and nothing beneath them
 * reaches supervision. Archives stream through ArchiveProxy, GET only.
 */
@QuarkusTest
@QuarkusTestResource(StubServices.class)
class RetentionForwardingTest {

    private static final String TOKEN = "Bearer " + StandInProvider.jwt("{\"sub\":\"forwarding-admin\",\"groups\":[\"admin\"]}");

    @BeforeEach
    void reset() {
        RetentionStandIns.reset();
    }

    @Test
    void theRetentionPagesCallsReachSupervision() {
        given().header("Authorization", TOKEN).when().get("/api/supervision/retention/runs")
                .then().statusCode(200).body("[0].id", equalTo(RetentionStandIns.SEEDED));
        String id = given().header("Authorization", TOKEN).contentType(ContentType.JSON).body("{\"dryRun\":true}")
                .when().post("/api/supervision/retention/runs")
                .then().statusCode(202).body("dryRun", equalTo(true)).extract().path("id");
        given().header("Authorization", TOKEN).queryParam("page", 0).queryParam("size", 50)
                .when().get("/api/supervision/retention/runs/" + id)
                .then().statusCode(200).body("run.id", equalTo(id)).body("run.total", equalTo(3)).body("items.size()", equalTo(3));
        assertEquals(java.util.List.of("GET /retention/runs by forwarding-admin",
                "POST /retention/runs {\"dryRun\":true} by forwarding-admin",
                "GET /retention/runs/" + id + " by forwarding-admin"), RetentionStandIns.REQUESTS);
    }

    @Test
    void otherMethodsAndPathsUnderRetentionAreNeverForwarded() {
        int before = StubServices.INTERNAL_HITS.get();
        String run = "/api/supervision/retention/runs/" + RetentionStandIns.SEEDED;
        given().header("Authorization", TOKEN).when().delete("/api/supervision/retention/runs").then().statusCode(404);
        given().header("Authorization", TOKEN).contentType(ContentType.JSON).body("{}").when().put("/api/supervision/retention/runs").then().statusCode(404);
        given().header("Authorization", TOKEN).contentType(ContentType.JSON).body("{}").when().post(run).then().statusCode(404);
        given().header("Authorization", TOKEN).contentType(ContentType.JSON).body("{}").when().put(run).then().statusCode(404);
        given().header("Authorization", TOKEN).when().delete(run).then().statusCode(404);
        for (String path : new String[]{run + "/items", "/api/supervision/retention", "/api/supervision/retention/policies",
                "/api/supervision/retention/runs/..%2Fruns", "/api/intake/retention/runs", "/api/supervision/archives",
                "/api/supervision/archives/" + RetentionStandIns.ARCHIVED + "/files/x"}) {
            int status = given().urlEncodingEnabled(false).header("Authorization", TOKEN).when().get(path).then().extract().statusCode();
            assertEquals(404, status, path);
        }
        assertEquals(before, StubServices.INTERNAL_HITS.get(), "nothing reached supervision: " + RetentionStandIns.REQUESTS);
    }

    @Test
    void anArchiveStreamsThroughTheConsoleForGetOnly() {
        byte[] zip = given().header("Authorization", TOKEN).when().get("/api/supervision/archives/" + RetentionStandIns.ARCHIVED)
                .then().statusCode(200).contentType("application/zip")
                .header("Content-Disposition", equalTo("attachment; filename=\"" + RetentionStandIns.ARCHIVED + ".zip\""))
                .header("X-Archive-SHA256", RetentionStandIns.SHA256)
                .header("Cache-Control", "no-store")
                .extract().asByteArray();
        assertArrayEquals(RetentionStandIns.ZIP, zip);
        given().header("Authorization", TOKEN).when().get("/api/supervision/archives/" + RetentionStandIns.ARCHIVED + "/manifest")
                .then().statusCode(200).body("entries[1].name", equalTo("materials/scan-1.pdf"));
        // supervision's problem for a case without an archive reaches the page as it was sent
        given().header("Authorization", TOKEN).when().get("/api/supervision/archives/" + RetentionStandIns.FAILED)
                .then().statusCode(404).contentType("application/problem+json").body("detail", equalTo("No archive of this case"));
        int reached = RetentionStandIns.REQUESTS.size();
        for (String method : new String[]{"POST", "PUT", "DELETE"}) {
            int status = given().header("Authorization", TOKEN).contentType(ContentType.JSON).body("{}")
                    .when().request(method, "/api/supervision/archives/" + RetentionStandIns.ARCHIVED).then().extract().statusCode();
            assertTrue(status == 405 || status == 404, method + " answered " + status);
        }
        assertEquals(reached, RetentionStandIns.REQUESTS.size(), "no other method reached supervision: " + RetentionStandIns.REQUESTS);
    }
}

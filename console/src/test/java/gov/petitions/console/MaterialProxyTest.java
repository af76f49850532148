package gov.petitions.console;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

/**
 * Materials pass the console as streams (MaterialProxy): a file of several MB reaches intake whole, with its name
 * and the query code; every other path still refuses bodies over 512 KB before reading them.
 */
@QuarkusTest
@QuarkusTestResource(StubServices.class)
class MaterialProxyTest {

    @Test
    void anUploadOfSeveralMegabytesIsStreamedToIntake() {
        byte[] file = new byte[3 * 1024 * 1024];
        file[0] = '%';
        given().header("Authorization", "Bearer abc.def.ghi").header("X-File-Name", "%E6%9D%A5%E4%BF%A1.pdf")
                .contentType("application/pdf").body(file)
                .when().post("/api/intake/petitions/6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b/materials")
                .then().statusCode(201)
                .body("method", equalTo("POST"))
                .body("path", equalTo("/petitions/6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b/materials"))
                .body("authorization", equalTo("Bearer abc.def.ghi"))
                .body("forwardedFor", equalTo("[127.0.0.1]"))
                .body("bodyLength", equalTo(file.length));
    }

    @Test
    void listsAndDownloadsGoThroughAndThePetitionerDownloadsNothing() {
        given().header("Authorization", "Bearer abc.def.ghi")
                .when().get("/api/intake/petitions/6f1c2a3b/materials/9a8b7c6d")
                .then().statusCode(201).body("method", equalTo("GET"))
                .body("path", equalTo("/petitions/6f1c2a3b/materials/9a8b7c6d"));
        given().when().get("/api/intake/public/petitions/XF20261204000001/materials/9a8b7c6d")
                .then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void otherPathsKeepTheirSmallBodies() {
        String big = "x".repeat(600 * 1024);
        given().contentType(ContentType.JSON).body("{\"summary\":\"" + big + "\"}")
                .when().post("/api/intake/petitions")
                .then().statusCode(413).contentType("application/problem+json");
        // a body without a length (chunked) is not read up to the uploads' limit: 411 outside uploads
        java.net.http.HttpResponse<String> chunked;
        try {
            chunked = java.net.http.HttpClient.newBuilder().version(java.net.http.HttpClient.Version.HTTP_1_1).build().send(
                    java.net.http.HttpRequest.newBuilder(java.net.URI.create(io.restassured.RestAssured.baseURI + ":"
                                    + io.restassured.RestAssured.port + "/api/intake/public/petitions"))
                            .header("Content-Type", "application/json")
                            .POST(java.net.http.HttpRequest.BodyPublishers.ofInputStream(
                                    () -> new java.io.ByteArrayInputStream(big.getBytes()))).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException | InterruptedException e) {
            throw new AssertionError(e);
        }
        org.junit.jupiter.api.Assertions.assertEquals(411, chunked.statusCode(), chunked.body());
                // registration itself still goes through the ordinary proxy
        given().contentType(ContentType.JSON).body("{\"summary\":\"x\"}").when().post("/api/intake/petitions")
                .then().statusCode(201).body("path", equalTo("/petitions"));
    }
}

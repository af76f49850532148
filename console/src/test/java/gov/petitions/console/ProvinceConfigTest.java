package gov.petitions.console;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/**
 * The province is the deployment's configuration (petitions.province.code/.name), not the console's assumption: with
 * Ningxia's, the pages learn Ningxia from /config.json (js/config.js) and the dev sign-in defaults to it and refuses
 * Anhui's codes.
 */
@QuarkusTest
@TestProfile(ProvinceConfigTest.Ningxia.class)
class ProvinceConfigTest {

    public static class Ningxia implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("petitions.province.code", "64", "petitions.province.name", "宁夏回族自治区");
        }
    }

    @Test
    void configJsonNamesTheConfiguredProvince() {
        given().when().get("/config.json").then().statusCode(200).contentType("application/json")
                .body("province.code", equalTo("64")).body("province.name", equalTo("宁夏回族自治区"));
    }

    @Test
    void devSignInDefaultsToTheConfiguredProvinceAndRefusesAnothers() {
        given().contentType(ContentType.JSON).body(Map.of("role", "clerk")).when().post("/dev/sign-in")
                .then().statusCode(200).body("jurisdiction", equalTo("64"));
        given().contentType(ContentType.JSON).body(Map.of("role", "handler", "unit", "6401-XFJ")).when().post("/dev/sign-in")
                .then().statusCode(200).body("unit", equalTo("6401-XFJ"));
        given().contentType(ContentType.JSON).body(Map.of("role", "supervisor", "jurisdiction", "3413")).when().post("/dev/sign-in")
                .then().statusCode(400).contentType("application/problem+json")
                .body("type", containsString("outside-province")).body("detail", containsString("宁夏回族自治区 (64)"));
        given().contentType(ContentType.JSON).body(Map.of("role", "handler", "unit", "341302-RSJ")).when().post("/dev/sign-in")
                .then().statusCode(400).body("type", containsString("outside-province"));
        given().contentType(ContentType.JSON).body(Map.of("role", "handler")).when().post("/dev/sign-in")
                .then().statusCode(400).body("detail", containsString("64-XFJ"));
    }
}

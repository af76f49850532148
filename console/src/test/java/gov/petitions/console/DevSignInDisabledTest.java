package gov.petitions.console;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.restassured.RestAssured.given;

/** Without a signing key there is no dev sign-in at all: production signs in through the identity provider. */
@QuarkusTest
@TestProfile(DevSignInDisabledTest.WithoutKey.class)
class DevSignInDisabledTest {

    public static class WithoutKey implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("console.dev-sign-in.private-key-location", "");
        }
    }

    @Test
    void signInAnswers404() {
        given().when().get("/dev/sign-in").then().statusCode(404);
        given().contentType("application/json").body("{\"role\":\"clerk\"}").when().post("/dev/sign-in").then().statusCode(404);
    }
}

package gov.petitions.console;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;

/** Without a signing key there is no dev sign-in at all: production signs in through the identity provider. */
@QuarkusTest
@TestProfile(WithoutDevSignIn.class)
class DevSignInDisabledTest {

    @Test
    void signInAnswers404() {
        given().when().get("/dev/sign-in").then().statusCode(404);
        given().contentType("application/json").body("{\"role\":\"clerk\"}").when().post("/dev/sign-in").then().statusCode(404);
    }
}

package gov.petitions.console;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/**
 * With CONSOLE_OIDC_ISSUER and CONSOLE_OIDC_CLIENT_ID set, the pages learn them from /config.json (js/oidc.js), and
 * the Content-Security-Policy lets them call the identity provider's origin (discovery, token, refresh), no other.
 */
@QuarkusTest
@TestProfile(WithoutDevSignIn.class)
class OidcConfigTest {

    @Test
    void configJsonReflectsTheConfiguration() {
        given().when().get("/config.json").then().statusCode(200).contentType("application/json")
                .body("oidc.issuer", equalTo("https://sso.petitions.example:8443/realms/petitions"))
                .body("oidc.clientId", equalTo("console-under-test"))
                .body("oidc.scope", equalTo("openid"))
                .body("devSignIn", equalTo(false));
    }

    @Test
    void theIdentityProvidersOriginMayBeCalledFromThePages() {
        given().when().get("/sign-in.html").then().statusCode(200)
                .body(containsString("oidc-sign-in"))
                .header("Content-Security-Policy", containsString("connect-src 'self' https://sso.petitions.example:8443;"))
                .header("Content-Security-Policy", containsString("script-src 'self'"));
    }
}

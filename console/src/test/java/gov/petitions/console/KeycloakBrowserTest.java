package gov.petitions.console;

import com.fasterxml.jackson.databind.JsonNode;
import gov.petitions.testing.KeycloakInstance;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Issue #23: the console's sign-in (js/oidc.js: authorization code + PKCE), renewal and sign-out in chromium against a
 * real Keycloak — the one {@code ./petitions test} starts with the realm compose and Kubernetes import — rather than
 * {@link StandInProvider}: the realm's login page, its tokens with the realm's claims, its refresh, its end-session.
 */
@QuarkusTest
@TestProfile(KeycloakBrowserTest.SignInAtKeycloak.class)
class KeycloakBrowserTest {

    private static final String TOKEN_KEY = "petitions.console.token";

    public static class SignInAtKeycloak implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return KeycloakInstance.find().map(k -> Map.of("console.oidc.issuer", k.issuer())).orElse(Map.of());
        }
    }

    private static WebDriver driver;
    private static WebDriverWait wait;

    @TestHTTPResource("/")
    URL console;

    @BeforeAll
    static void startBrowser() {
        driver = HeadlessChromium.start("1280,1000").orElse(null);
        if (driver != null) {
            wait = new WebDriverWait(driver, Duration.ofSeconds(30));
        }
    }

    @AfterAll
    static void stopBrowser() {
        if (driver != null) {
            driver.quit();
        }
    }

    @Test
    void signInAtKeycloakWithPkceRenewAndSignOut() {
        KeycloakInstance keycloak = KeycloakInstance.require();
        if (driver == null && System.getenv("PETITIONS_REQUIRE_KEYCLOAK") != null) {
            throw new AssertionError(HeadlessChromium.MISSING); // ./petitions test: fail rather than skip
        }
        assumeTrue(driver != null, HeadlessChromium.MISSING);
        String origin = console.toString().replaceAll("/$", "");
        keycloak.allowConsoleAt(origin);
        int sessionsBefore = keycloak.sessionsOf("handler"); // other tests' password grants hold sessions too

        // the console sends the browser to the realm's own login page; the handler signs in there and comes back
        driver.get(origin + "/sign-in.html?next=%2Fqueue.html");
        wait.until(ExpectedConditions.elementToBeClickable(By.id("oidc-sign-in"))).click();
        // at Keycloak first: the console's own sign-in page has a #username too (the dev sign-in), visible at once
        wait.until(d -> d.getCurrentUrl().startsWith(keycloak.issuer() + "/protocol/openid-connect/auth"));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("username")));
        assertTrue(driver.getCurrentUrl().startsWith(keycloak.issuer() + "/protocol/openid-connect/auth"), driver.getCurrentUrl());
        assertTrue(driver.getCurrentUrl().contains("code_challenge_method=S256"), "PKCE: " + driver.getCurrentUrl());
        driver.findElement(By.id("username")).sendKeys("handler");
        driver.findElement(By.id("password")).sendKeys(keycloak.testUserPassword());
        driver.findElement(By.id("kc-login")).click();
        wait.until(d -> d.getCurrentUrl().startsWith(origin + "/queue.html"));
        assertFalse(driver.getCurrentUrl().contains("code="), "the code is not left in the address bar");

        String token = session(TOKEN_KEY);
        JsonNode claims = KeycloakInstance.claims(token);
        assertEquals(keycloak.issuer(), claims.path("iss").asText(), "Keycloak's own token");
        assertEquals("341302-RSJ", claims.path("unit").asText(), "the realm's unit claim: " + claims);
        assertTrue(claims.path("groups").toString().contains("handler"), claims.toString());
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("who"), "341302-RSJ"));
        assertEquals(sessionsBefore + 1, keycloak.sessionsOf("handler"), "a session at Keycloak");

        // the access token has expired: the next staff page renews it with Keycloak's refresh token
        String expired = jwt("{\"iss\":\"" + keycloak.issuer() + "\",\"sub\":\"handler\",\"groups\":[\"handler\"],"
                + "\"unit\":\"341302-RSJ\",\"exp\":1}");
        js("sessionStorage.setItem(arguments[0], arguments[1])", TOKEN_KEY, expired);
        driver.get(origin + "/queue.html");
        wait.until(d -> {
            String now = session(TOKEN_KEY);
            return now != null && !now.equals(expired) && d.getCurrentUrl().startsWith(origin + "/queue.html");
        });
        JsonNode renewed = KeycloakInstance.claims(session(TOKEN_KEY));
        assertEquals(keycloak.issuer(), renewed.path("iss").asText());
        assertTrue(renewed.path("exp").asLong() > System.currentTimeMillis() / 1000, "a fresh token: " + renewed);
        assertNotEquals(token, session(TOKEN_KEY));

        // signing out ends the session at Keycloak, which sends the browser back to the sign-in page
        wait.until(ExpectedConditions.elementToBeClickable(By.id("sign-out"))).click();
        wait.until(d -> d.getCurrentUrl().startsWith(origin + "/sign-in.html?signed-out=1"));
        assertNull(session(TOKEN_KEY));
        assertEquals(sessionsBefore, keycloak.sessionsOf("handler"), "Keycloak's session has ended");

        // and signing in again asks for the password again
        wait.until(ExpectedConditions.elementToBeClickable(By.id("oidc-sign-in"))).click();
        // at Keycloak first: the console's own sign-in page has a #username too (the dev sign-in), visible at once
        wait.until(d -> d.getCurrentUrl().startsWith(keycloak.issuer() + "/protocol/openid-connect/auth"));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("username")));
    }

    private static String jwt(String claims) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return b64.encodeToString("{\"alg\":\"RS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(claims.getBytes(StandardCharsets.UTF_8)) + ".c2lnbmF0dXJl";
    }

    private static String session(String key) {
        return (String) js("return sessionStorage.getItem(arguments[0])", key);
    }

    private static Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }
}

package gov.petitions.console;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.net.URL;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * js/oidc.js in a real browser (Debian's chromium, headless, through chromium-driver) against {@link StandInProvider}:
 * the sign-in page sends the browser to the provider with a PKCE challenge, the callback page trades the code and
 * the verifier for tokens (the stand-in refuses a wrong verifier) and stores the access token where api.js reads
 * it; an expired token is renewed with the refresh token; signing out ends the provider's session.
 * Skipped without chromium and chromedriver, failed under ./petitions test.
 */
@QuarkusTest
@QuarkusTestResource(value = StandInProvider.class, restrictToAnnotatedClass = true)
class OidcBrowserTest {

    private static final String TOKEN_KEY = "petitions.console.token";

    private static final HeadlessChromium.Session BROWSER = new HeadlessChromium.Session("1280,1000");
    private static WebDriver driver;
    private static WebDriverWait wait;

    @TestHTTPResource("/")
    URL console;

    @BeforeAll
    static void startBrowser() {
        driver = BROWSER.start();
        wait = BROWSER.await();
    }

    @AfterAll
    static void stopBrowser() {
        BROWSER.stop();
    }

    @BeforeEach
    void browserAvailable() {
        BROWSER.assumeAvailable();
    }

    @Test
    void signInWithPkceRefreshOnExpiryAndSignOut() {
        String origin = console.toString().replaceAll("/$", "");

        // the sign-in page offers the identity provider; the browser goes there and comes back signed in
        driver.get(origin + "/sign-in.html?next=%2Fqueue.html");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("oidc-sign-in"))).click();
        wait.until(d -> d.getCurrentUrl().startsWith(origin + "/queue.html"));
        assertEquals(java.util.List.of(), StandInProvider.ERRORS, "the provider accepted every request");

        Map<String, String> authorize = StandInProvider.AUTHORIZE.get(0);
        assertEquals("code", authorize.get("response_type"));
        assertEquals(StandInProvider.CLIENT_ID, authorize.get("client_id"));
        assertEquals(origin + "/signed-in.html", authorize.get("redirect_uri"));
        assertEquals("S256", authorize.get("code_challenge_method"));
        assertEquals(43, authorize.get("code_challenge").length(), "BASE64URL(SHA-256(verifier))");
        assertTrue(authorize.get("state").length() >= 43 && authorize.get("nonce").length() >= 43, "random state and nonce");
        Map<String, String> token = StandInProvider.TOKEN.get(0);
        assertEquals("authorization_code", token.get("grant_type"));
        assertTrue(token.get("code_verifier").matches("[A-Za-z0-9_-]{43,128}"), "an RFC 7636 verifier: " + token.get("code_verifier"));

        assertEquals(StandInProvider.lastAccessToken, session(TOKEN_KEY), "the access token is where api.js reads it");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("who"), "341302-RSJ"));
        assertFalse(driver.getCurrentUrl().contains("code="), "the code is not left in the address bar");

        // the callback page refuses an answer to a request this tab did not make (state)
        driver.get(origin + "/signed-in.html?code=forged&state=forged");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("again")));
        assertTrue(driver.findElement(By.id("message")).getText().contains("state"), driver.findElement(By.id("message")).getText());

        // the access token has expired: a staff page sends the browser to sign in, which renews it and comes back
        int refreshes = StandInProvider.REFRESHES.get();
        js("sessionStorage.setItem(arguments[0], arguments[1])", TOKEN_KEY,
                StandInProvider.jwt("{\"sub\":\"handler\",\"groups\":[\"handler\"],\"unit\":\"341302-RSJ\",\"exp\":1}"));
        driver.get(origin + "/queue.html");
        wait.until(d -> StandInProvider.REFRESHES.get() == refreshes + 1 && d.getCurrentUrl().startsWith(origin + "/queue.html"));
        wait.until(d -> StandInProvider.lastAccessToken.equals(session(TOKEN_KEY)));
        assertEquals("refresh_token", StandInProvider.TOKEN.get(StandInProvider.TOKEN.size() - 1).get("grant_type"));

        // signing out forgets the tokens and ends the provider's session, which sends the browser back
        wait.until(ExpectedConditions.elementToBeClickable(By.id("sign-out"))).click();
        wait.until(d -> d.getCurrentUrl().startsWith(origin + "/sign-in.html?signed-out=1"));
        Map<String, String> logout = StandInProvider.LOGOUT.get(0);
        assertEquals(StandInProvider.CLIENT_ID, logout.get("client_id"));
        assertEquals(origin + "/sign-in.html?signed-out=1", logout.get("post_logout_redirect_uri"));
        assertTrue(logout.get("id_token_hint") != null && logout.get("id_token_hint").split("\\.").length == 3, "the ID token as hint");
        assertNull(session(TOKEN_KEY));
        assertTrue(driver.findElement(By.id("signed-out")).isDisplayed());
        assertEquals(java.util.List.of(), StandInProvider.ERRORS);
    }

    private static String session(String key) {
        return (String) js("return sessionStorage.getItem(arguments[0])", key);
    }

    private static Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }
}

package gov.petitions.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import gov.petitions.platform.tokens.TokenMinter;
import gov.petitions.testing.KeycloakInstance;
import gov.petitions.testing.TestTokens;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Issue #23 end to end: the whole system, started as {@code ./petitions test} starts it, trusts the real Keycloak
 * (infra/keycloak, the realm compose and Kubernetes import) and nothing else. A clerk signed in at Keycloak registers
 * and reads a petition through intake; the services call each other with client-credentials tokens that Keycloak
 * issued to their own clients (intake asks supervision's service-only endpoint for the public status), and every
 * service refuses a token of another key, of another issuer, an expired, a forged and an unsigned one. A handler signs in at Keycloak through the system's console (code + PKCE in chromium).
 *
 * <p>The other end-to-end tests mint people's tokens with the instance's key: the realm publishes that key in its
 * JWKS (passive: keycloak.sh trust), so they are verified through Keycloak like its own. This test checks that too.
 */
class KeycloakSystemTest {

    private static final int BASE = Integer.getInteger("petitions.base-port", 18080);
    private static final String INTAKE = "http://127.0.0.1:" + (BASE + 1);
    private static final String ROUTING = "http://127.0.0.1:" + (BASE + 2);
    private static final String SUPERVISION = "http://127.0.0.1:" + (BASE + 3);
    private static final String NOTIFICATION = "http://127.0.0.1:" + (BASE + 4);
    private static final String INSIGHT = "http://127.0.0.1:" + (BASE + 5);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    @Test
    void theWholeSystemTrustsKeycloakAndTheServicesCallEachOtherWithItsClientCredentials() throws Exception {
        KeycloakInstance keycloak = KeycloakInstance.require();
        assertEquals(keycloak.issuer(), System.getProperty("petitions.test.issuer"),
                "the instance was started with Keycloak's realm as its issuer");

        // Keycloak signs its own tokens with its own key; its JWKS also publishes the instance's (the tests' minter)
        String instanceKid = TokenMinter.keyId(TokenMinter.readPrivateKey(Path.of(System.getProperty("petitions.test.sign-key"))));
        Set<String> published = keycloak.signatureKeyIds();
        assertTrue(published.contains(instanceKid), "the realm publishes the instance's key: " + published);

        // a clerk of the province, signed in at Keycloak (the shipped realm's clerk has no jurisdiction: fail closed)
        keycloak.ensureUser("clerk-e2e-34", "clerk", null, "34");
        String clerk = keycloak.passwordToken("clerk-e2e-34");
        JsonNode clerkClaims = KeycloakInstance.claims(clerk);
        assertEquals(keycloak.issuer(), clerkClaims.path("iss").asText());
        assertEquals("34", clerkClaims.path("jurisdiction").asText(), clerkClaims.toString());
        String keycloaksKid = header(clerk).path("kid").asText();
        assertTrue(published.contains(keycloaksKid) && !keycloaksKid.equals(instanceKid), "signed with Keycloak's own key");

        JsonPath receipt = given().auth().oauth2(clerk).contentType(ContentType.JSON)
                .body(Map.of("channel", "WALK_IN", "categoryCode", "labour-wages", "locationCode", "341302",
                        "summary", "统一身份认证端到端：拖欠工资", "personCount", 1,
                        "petitioner", Map.of("name", "认证测试人", "phone", "13900002323")))
                .post(INTAKE + "/petitions").then().statusCode(201).extract().jsonPath();
        String id = receipt.getString("petitionId");
        given().auth().oauth2(clerk).get(INTAKE + "/petitions/" + id).then().statusCode(200)
                .body("trackingNumber", equalTo(receipt.getString("trackingNumber")));

        String supervisor = keycloak.passwordToken("supervisor");
        until("the case is assigned in the ledger", () -> "ASSIGNED".equals(
                given().auth().oauth2(supervisor).get(SUPERVISION + "/ledger/" + id).then().extract().path("status")));

        // intake → supervision (GET /internal/cases/{id}/progress, the service role only) with intake's own identity
        given().contentType(ContentType.JSON)
                .body(Map.of("trackingNumber", receipt.getString("trackingNumber"), "queryCode", receipt.getString("queryCode")))
                .post(INTAKE + "/public/status-lookups").then().statusCode(200).body("status", equalTo("ASSIGNED"));
        // that identity came from Keycloak: in this instance the services have no key to sign with, and the realm
        // recorded the client-credentials grant of intake's own client after intake started (supervision's, for its
        // calls to intake, is exercised by RetentionSystemTest)
        long started = startedAt("intake");
        List<JsonNode> grants = keycloak.events("CLIENT_LOGIN", "intake-service");
        assertTrue(grants.stream().anyMatch(e -> e.path("time").asLong() >= started),
                "intake-service took a token from Keycloak by client credentials after it started: " + grants);
        // and such a token is what the service-only endpoints take, while a person's is refused (supervision's client
        // here, not intake's: this grant must not count as intake's when the test runs again on the same instance)
        String serviceIdentity = keycloak.clientCredentialsToken("supervision-service");
        assertEquals(keycloak.issuer(), KeycloakInstance.claims(serviceIdentity).path("iss").asText());
        given().auth().oauth2(serviceIdentity).get(SUPERVISION + "/internal/cases/" + id + "/progress").then().statusCode(200);
        given().auth().oauth2(clerk).get(SUPERVISION + "/internal/cases/" + id + "/progress").then().statusCode(403);

        // every service: Keycloak's token and the instance's (through the realm's JWKS) get in; nothing else does
        Map<String, String> reads = new LinkedHashMap<>();
        reads.put("intake", INTAKE + "/petitions/" + id);
        reads.put("routing", ROUTING + "/cases/" + id + "/assignments");
        reads.put("supervision", SUPERVISION + "/ledger/" + id);
        reads.put("notification", NOTIFICATION + "/messages?petitionId=" + id);
        reads.put("insight", INSIGHT + "/hotspots/rule");

        TokenMinter.Holder province = TokenMinter.Holder.of("supervisor-34", "supervisor").withJurisdiction("34");
        var generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        String otherKey = new TokenMinter(generator.generateKeyPair().getPrivate(), keycloak.issuer(), TokenMinter.AUDIENCE)
                .mint(province, Instant.now(), Duration.ofMinutes(5));
        var instanceKey = TokenMinter.readPrivateKey(Path.of(System.getProperty("petitions.test.sign-key")));
        String otherIssuer = new TokenMinter(instanceKey, TokenMinter.DEFAULT_ISSUER, TokenMinter.AUDIENCE)
                .mint(province, Instant.now(), Duration.ofMinutes(5));
        String expired = new TokenMinter(instanceKey, keycloak.issuer(), TokenMinter.AUDIENCE)
                .mint(province, Instant.now().minus(Duration.ofHours(2)), Duration.ofHours(1));
        String[] parts = supervisor.split("\\.");
        // Keycloak's own signature over claims that widen the roles
        ObjectNode widened = KeycloakInstance.claims(supervisor).deepCopy();
        widened.withArray("groups").add("admin");
        String forged = parts[0] + "." + b64(widened.toString()) + "." + parts[2];
        String unsigned = b64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + parts[1] + ".";

        Map<String, String> refused = new LinkedHashMap<>();
        refused.put("another key", otherKey);
        refused.put("another issuer (the local one)", otherIssuer);
        refused.put("an expired token", expired);
        refused.put("a forged token", forged);
        refused.put("an unsigned token", unsigned);
        for (var read : reads.entrySet()) {
            assertEquals(200, status(read.getValue(), supervisor), read.getKey() + " takes Keycloak's token");
            assertEquals(200, status(read.getValue(), TestTokens.supervisor("34")), read.getKey() + " takes the instance's");
            for (var token : refused.entrySet()) {
                assertEquals(401, status(read.getValue(), token.getValue()), read.getKey() + " refuses " + token.getKey());
            }
            assertEquals(401, status(read.getValue(), null), read.getKey() + " refuses a call without a token");
        }
    }

    /**
     * The console of the whole system sends a handler to Keycloak's own login page (authorization code + PKCE), the
     * handler's queue comes from supervision through the console with Keycloak's token, and signing out ends the
     * session at Keycloak. (The console's module test does the same against a console alone.)
     */
    @Test
    void aHandlerSignsInAtKeycloakThroughTheConsoleAndSeesTheUnitsQueue() throws Exception {
        KeycloakInstance keycloak = KeycloakInstance.require();
        String console = Optional.ofNullable(System.getProperty("petitions.console-url"))
                .filter(u -> !u.isBlank() && !u.startsWith("${")).map(u -> u.replaceAll("/+$", "")).orElse(null);
        Optional<Path> chromium = executable("chromium", "chromium-browser", "google-chrome");
        Optional<Path> chromedriver = executable("chromedriver");
        String missing = console == null ? "no -Dpetitions.console-url: the console is not part of this run"
                : chromium.isEmpty() || chromedriver.isEmpty() ? "chromium and chromedriver are needed (apt-get install chromium chromium-driver)"
                : null;
        if (missing != null && System.getenv("PETITIONS_REQUIRE_BROWSER") != null) {
            throw new AssertionError(missing);
        }
        assumeTrue(missing == null, missing);
        keycloak.allowConsoleAt(console);
        // a unit no other end-to-end test sends cases to, so that this one is on the queue's first page
        keycloak.ensureUser("handler-e2e-341322", "handler", "341322-RSJ", null);
        String id = given().auth().oauth2(TestTokens.clerk()).contentType(ContentType.JSON)
                .body(Map.of("channel", "WALK_IN", "categoryCode", "labour-wages", "locationCode", "341322",
                        "summary", "统一身份认证端到端：萧县拖欠工资", "personCount", 1,
                        "petitioner", Map.of("name", "认证测试人", "phone", "13900002424")))
                .post(INTAKE + "/petitions").then().statusCode(201).extract().path("petitionId");
        String tracking = given().auth().oauth2(TestTokens.clerk()).get(INTAKE + "/petitions/" + id).then().statusCode(200)
                .extract().path("trackingNumber");

        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.get().toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1280,1000", "--lang=zh-CN", "--disable-extensions", "--no-first-run");
        WebDriver driver = new ChromeDriver(new ChromeDriverService.Builder()
                .usingDriverExecutable(chromedriver.get().toFile()).usingAnyFreePort().build(), options);
        try {
            WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(30));
            driver.get(console + "/sign-in.html?next=%2Fqueue.html");
            wait.until(ExpectedConditions.elementToBeClickable(By.id("oidc-sign-in"))).click();
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("username")));
            assertTrue(driver.getCurrentUrl().startsWith(keycloak.issuer() + "/protocol/openid-connect/auth"), driver.getCurrentUrl());
            assertTrue(driver.getCurrentUrl().contains("code_challenge_method=S256"), "PKCE: " + driver.getCurrentUrl());
            driver.findElement(By.id("username")).sendKeys("handler-e2e-341322");
            driver.findElement(By.id("password")).sendKeys(keycloak.testUserPassword());
            driver.findElement(By.id("kc-login")).click();
            wait.until(d -> d.getCurrentUrl().startsWith(console + "/queue.html"));

            String token = (String) ((JavascriptExecutor) driver).executeScript("return sessionStorage.getItem('petitions.console.token')");
            assertEquals(keycloak.issuer(), KeycloakInstance.claims(token).path("iss").asText(), "Keycloak's own token");
            assertEquals("341322-RSJ", KeycloakInstance.claims(token).path("unit").asText());
            By row = By.cssSelector("tr[data-tracking='" + tracking + "']");
            Instant deadline = Instant.now().plusSeconds(60);
            while (driver.findElements(row).isEmpty()) {
                assertTrue(Instant.now().isBefore(deadline), tracking + " never reached the queue of 341322-RSJ");
                Thread.sleep(1_000);
                driver.findElement(By.id("refresh")).click();
                Thread.sleep(500);
            }

            int sessions = keycloak.sessionsOf("handler-e2e-341322");
            wait.until(ExpectedConditions.elementToBeClickable(By.id("sign-out"))).click();
            wait.until(d -> d.getCurrentUrl().startsWith(console + "/sign-in.html?signed-out=1"));
            assertEquals(sessions - 1, keycloak.sessionsOf("handler-e2e-341322"), "the session at Keycloak has ended");
        } finally {
            driver.quit();
        }
    }

    private static Optional<Path> executable(String... names) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            for (String name : names) {
                Path candidate = Path.of(dir, name);
                if (Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }

    /** When the service's process started (its metrics, on the management port), in epoch milliseconds. */
    private static long startedAt(String service) throws Exception {
        int port = BASE + List.of("intake", "routing", "supervision", "notification", "insight").indexOf(service) + 1 + 1000;
        String metrics = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/metrics"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString()).body();
        Matcher m = Pattern.compile("(?m)^process_start_time_seconds(?:\\{[^}]*\\})? ([0-9.E+]+)").matcher(metrics);
        assertTrue(m.find(), "process_start_time_seconds in " + service + "'s metrics");
        return (long) (Double.parseDouble(m.group(1)) * 1000);
    }

    private static int status(String url, String token) {
        return (token == null ? given() : given().auth().oauth2(token)).get(url).statusCode();
    }

    private static JsonNode header(String jwt) throws Exception {
        return new com.fasterxml.jackson.databind.ObjectMapper().readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[0]));
    }

    private static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    private static void until(String what, BooleanSupplier condition) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(60);
        while (!condition.getAsBoolean()) {
            assertFalse(Instant.now().isAfter(deadline), what + " within 60 s");
            Thread.sleep(250);
        }
    }
}

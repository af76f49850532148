package gov.petitions.console;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.Signature;
import java.util.Base64;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
@QuarkusTestResource(StubServices.class)
class ConsoleTest {

    @Test
    void theProxyForwardsTokenQueryBodyAndIdempotencyKeyButNoCookies() {
        given().header("Authorization", "Bearer abc.def.ghi").header("Idempotency-Key", "k-1").cookie("session", "secret")
                .header("X-Forwarded-For", "203.0.113.9").header("Petitions-Challenge", "widget-token-1")
                .contentType(ContentType.JSON).body(Map.of("summary", "农民工工资"))
                .when().post("/api/intake/petitions?status=ASSIGNED&page=0")
                .then().statusCode(201)
                .header("Idempotent-Replayed", "true")
                .header("Set-Cookie", nullValue())
                .body("method", equalTo("POST"))
                .body("path", equalTo("/petitions"))
                .body("query", equalTo("status=ASSIGNED&page=0"))
                .body("authorization", equalTo("Bearer abc.def.ghi"))
                .body("idempotencyKey", equalTo("k-1"))
                .body("cookie", equalTo("null"))
                // the citizen's own address as the console saw it, once; a forged header is not passed on
                .body("forwardedFor", equalTo("[127.0.0.1]"))
                .body("challenge", equalTo("widget-token-1"))
                .body("bodyLength", equalTo("{\"summary\":\"农民工工资\"}".getBytes(StandardCharsets.UTF_8).length));
    }

    @Test
    void theSearchPageReachesIntakesSearchAndNothingBeneathIt() {
        given().header("Authorization", "Bearer abc.def.ghi").queryParam("q", "农民工 工资").queryParam("size", 20)
                .when().get("/api/intake/petitions/search")
                .then().statusCode(201).body("path", equalTo("/petitions/search")).body("method", equalTo("GET"));
        given().when().get("/api/intake/petitions/search/x").then().statusCode(404);
        given().when().get("/search.html").then().statusCode(200);
    }

    @Test
    void theLedgersBulkActionsReachTheirServicesAndNothingBeside() {
        // the ledger page's 批量督办 / 批量回访 go to supervision, 批量改派 to routing; a single reassignment has no page
        for (String path : new String[]{"/api/supervision/cases/bulk/urge", "/api/supervision/cases/bulk/call-backs",
                "/api/routing/cases/bulk/reassignment"}) {
            int before = StubServices.INTERNAL_HITS.get();
            given().header("Authorization", "Bearer abc.def.ghi").contentType(ContentType.JSON).body("{}")
                    .when().post(path).then().statusCode(200);
            assertEquals(before + 1, StubServices.INTERNAL_HITS.get(), path + " reached the service");
        }
        int before = StubServices.INTERNAL_HITS.get();
        for (String path : new String[]{"/api/routing/cases/bulk/urge", "/api/routing/cases/3f2a/reassignment",
                "/api/supervision/cases/bulk/reassignment", "/api/routing/cases/bulk/reassignment/x"}) {
            given().header("Authorization", "Bearer abc.def.ghi").contentType(ContentType.JSON).body("{}")
                    .when().post(path).then().statusCode(404);
        }
        assertEquals(before, StubServices.INTERNAL_HITS.get());
    }

    @Test
    void aServicesProblemReachesThePageUnchanged() {
        String body = given().when().get("/api/supervision/ledger/3f2a")
                .then().statusCode(409).contentType("application/problem+json").extract().asString();
        assertEquals(StubServices.PROBLEM, body);
    }

    @Test
    void internalAndManagementEndpointsAreNeverForwarded() {
        int before = StubServices.INTERNAL_HITS.get();
        // the allow-list is matched after one decoding: "%69nternal" is "internal", and it was forwarded before
        for (String path : new String[]{"/api/intake/internal/petitioners/x/contact", "/api/intake/Internal/x",
                "/api/routing/q/metrics", "/api/intake/petitions/%2e%2e/internal/x", "/api/intake/%69nternal/petitioners/x/contact",
                "/api/intake/%2569nternal/x", "/api/intake/petitions%2f..%2finternal", "/api/intake//internal/x",
                "/api/intake/./internal/x", "/api/intake/petitions/..%5cinternal", "/api/routing/q%2fmetrics",
                "/api/routing/%71/health", "/api/supervision/ledger/x%00", "/api/intake/categories/../internal/x",
                "/api/intake/%E4%B8%AD"}) {
            int status = given().urlEncodingEnabled(false).when().get(path).then().extract().statusCode();
            assertEquals(404, status, path);
        }
        given().when().get("/api/elsewhere/echo").then().statusCode(404);
        assertEquals(before, StubServices.INTERNAL_HITS.get());
    }

    @Test
    void anUnreachableServiceIs502AndASlowOne504BothAsProblems() {
        given().when().get("/api/notification/messages").then().statusCode(502).contentType("application/problem+json")
                .body("title", equalTo("Service unreachable"));
        given().when().get("/api/supervision/statistics/volume").then().statusCode(504).contentType("application/problem+json")
                .body("detail", containsString("Idempotency-Key"));
    }

    @Test
    void devSignInMintsTheTokenThePetitionsScriptWouldMake() throws Exception {
        given().when().get("/dev/sign-in").then().statusCode(200).body("enabled", equalTo(true));
        String token = given().contentType(ContentType.JSON).body(Map.of("role", "handler", "unit", "341302-RSJ"))
                .when().post("/dev/sign-in").then().statusCode(200)
                .body("unit", equalTo("341302-RSJ")).extract().path("token");
        String[] parts = token.split("\\.");
        Signature rs256 = Signature.getInstance("SHA256withRSA");
        rs256.initVerify(StubServices.keys.getPublic());
        rs256.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
        assertTrue(rs256.verify(Base64.getUrlDecoder().decode(parts[2])), "RS256 with the configured key");
        String claims = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        assertTrue(claims.contains("\"groups\":[\"handler\"]"), claims);
        assertTrue(claims.contains("\"unit\":\"341302-RSJ\""), claims);
        assertTrue(claims.contains("\"aud\":\"petitions\""), "meant for the platform's services: " + claims);
        com.fasterxml.jackson.databind.JsonNode parsed = new com.fasterxml.jackson.databind.ObjectMapper().readTree(claims);
        long lifetime = parsed.get("exp").asLong() - parsed.get("iat").asLong();
        assertTrue(lifetime > 0 && lifetime <= 3600, "at most an hour, as the services require: " + lifetime);
        assertTrue(claims.contains("\"iss\":\"https://petitions.test/issuer\""), claims);
        assertTrue(claims.contains("\"exp\":"), claims);

        given().contentType(ContentType.JSON).body(Map.of("role", "handler")).when().post("/dev/sign-in")
                .then().statusCode(400).contentType("application/problem+json");
        given().contentType(ContentType.JSON).body(Map.of("role", "admin")).when().post("/dev/sign-in")
                .then().statusCode(400);
    }

    @Test
    void thePagesAreServedWithAStrictContentSecurityPolicy() {
        given().when().get("/desk.html").then().statusCode(200).body(containsString("接访登记台"))
                .header("Content-Security-Policy", containsString("script-src 'self'"));
        given().when().get("/js/charts.js").then().statusCode(200);
        given().when().get("/public/status.html").then().statusCode(200).body(containsString("查询办理进度"));
    }

    @Test
    void withoutAnIdentityProviderTheConfigurationHasNoOidcAndTheCspOnlyItself() {
        given().when().get("/config.json").then().statusCode(200).contentType("application/json")
                .header("Cache-Control", containsString("no-store"))
                .body("oidc", nullValue()).body("devSignIn", equalTo(true))
                .body("province.code", equalTo("34")).body("province.name", equalTo("安徽省")); // unset: the default
        given().when().get("/sign-in.html").then().statusCode(200)
                .header("Content-Security-Policy", containsString("connect-src 'self';"));
        given().when().get("/signed-in.html").then().statusCode(200).body(containsString("/js/signed-in.js"));
        given().when().get("/js/oidc.js").then().statusCode(200).body(containsString("code_challenge_method"));
    }
}

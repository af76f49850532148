package gov.petitions.supervision;

import gov.petitions.testing.TestSecrets;
import gov.petitions.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * In a Quarkus test, REST Assured evaluates JSON paths with platform-test-jsonpath's JSONAssertion (each path
 * compiled once), not json-path's own: the parent pom's {@code quarkus.class-loading.parent-first-artifacts} for the
 * test JVMs and platform-testing's dependency order make it so, and a change to either would silently bring back a
 * Groovy compilation at every {@code body(path, …)}.
 */
@QuarkusTest
@QuarkusTestResource(TestSecrets.class)
class JsonPathsCompiledOnceTest {

    @Test
    void restAssuredUsesTheCachingJsonAssertion() throws Exception {
        Class<?> used = Class.forName("io.restassured.internal.path.json.JSONAssertion", false,
                RestAssured.class.getClassLoader());
        String from = String.valueOf(used.getProtectionDomain().getCodeSource().getLocation());
        assertTrue(from.contains("platform-test-jsonpath"), "REST Assured's JSON paths come from " + from);

        given().auth().oauth2(TestTokens.auditor()).get("/ledger/" + java.util.UUID.randomUUID())
                .then().statusCode(404).body("status", equalTo(404));
        var compiled = used.getDeclaredField("COMPILED");
        compiled.setAccessible(true);
        Object script = ((Map<?, ?>) compiled.get(null)).get("restAssuredJsonRootObject.status");
        given().auth().oauth2(TestTokens.auditor()).get("/ledger/" + java.util.UUID.randomUUID())
                .then().statusCode(404).body("status", equalTo(404));
        assertSame(script, ((Map<?, ?>) compiled.get(null)).get("restAssuredJsonRootObject.status"),
                "the second evaluation of a path used the first's script");
    }
}

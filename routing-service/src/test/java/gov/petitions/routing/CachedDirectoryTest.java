package gov.petitions.routing;

import gov.petitions.routing.service.CaseRouter;
import gov.petitions.testing.SqlSeen;
import gov.petitions.testing.TestSecrets;
import gov.petitions.testing.TestTokens;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Routing reads the jurisdiction tree and the rules from memory (CachedDirectory): what it looked up once, found or
 * not, costs no round trip for the next petition, and an administrator's change applies to the very next one.
 */
@QuarkusTest
@QuarkusTestResource(TestSecrets.class)
class CachedDirectoryTest {

    private static final String COUNTY = "341302";

    @Inject
    CaseRouter router;

    private String route(String category) {
        return QuarkusTransaction.requiringNew().call(() -> router.initialTarget(category, COUNTY, List.of()).unit().code);
    }

    private static List<String> directoryReads(List<String> statements) {
        return statements.stream().filter(sql -> sql.contains("routing_rule") || sql.contains("division")
                || sql.matches("(?s).*\\bfrom unit\\b.*")).toList();
    }

    private static void setRule(String category, String department) {
        String admin = TestTokens.token("admin-1", Set.of("admin"), null, null);
        given().auth().oauth2(admin).contentType("application/json")
                .body(Map.of("department", department, "startLevel", "COUNTY"))
                .put("/routing-rules/" + category).then().statusCode(200);
    }

    @Test
    void aCategoryWithoutARuleIsLookedUpOnceNotForEveryPetition() {
        String category = "no-rule-" + UUID.randomUUID().toString().substring(0, 8);
        List<String> first = SqlSeen.during(() -> assertEquals(COUNTY + "-XFJ", route(category)));
        assertTrue(first.stream().anyMatch(sql -> sql.contains("routing_rule")), "the first asks the database: " + first);

        List<String> again = SqlSeen.during(() -> assertEquals(COUNTY + "-XFJ", route(category)));
        assertEquals(List.of(), directoryReads(again), "the next petition of the category and county");
    }

    @Test
    void aRuleAnAdministratorSetsRoutesTheNextPetitionAtOnce() {
        String category = "cached-" + UUID.randomUUID().toString().substring(0, 8);
        assertEquals(COUNTY + "-XFJ", route(category), "no rule yet: the county's petition bureau");
        setRule(category, "JYJ");
        assertEquals(COUNTY + "-JYJ", route(category));
        setRule(category, "MZJ");
        assertEquals(COUNTY + "-MZJ", route(category));
    }
}

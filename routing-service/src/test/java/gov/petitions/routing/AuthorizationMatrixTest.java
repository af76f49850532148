package gov.petitions.routing;

import gov.petitions.testing.AuthorizationMatrix;
import gov.petitions.testing.Contracts;
import gov.petitions.testing.KafkaProbe;
import gov.petitions.testing.TestSecrets;
import gov.petitions.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Every endpoint of the service has a row in the matrix, and every case endpoint is tried by every role from its own
 * jurisdiction or unit, another one, inside the case's recusal set, and without the claim.
 */
@QuarkusTest
@QuarkusTestResource(TestSecrets.class)
class AuthorizationMatrixTest {

    /**
     * Every endpoint of routing has a row in src/test/resources/authorization-matrix.csv (a new endpoint without one
     * fails the build), no row allows more than the annotations, and every role is tried live against every endpoint.
     */
    @Test
    void everyEndpointIsInTheMatrixAndEnforcedAsItSays() {
        List<AuthorizationMatrix.Endpoint> matrix = AuthorizationMatrix.read("authorization-matrix.csv");
        AuthorizationMatrix.assertCoversTheCode(AuthorizationMatrix.fromCode("gov.petitions.routing"), matrix);
        AuthorizationMatrix.assertEnforced(matrix, AuthorizationMatrix.provincialTokens(),
                Map.of("code", "341302", "categoryCode", "labour-wages", "leaderId", "no-such-leader"));
    }

    private static KafkaProbe assigned;
    private static String plain;     // 埇桥区 (341302), at 341302-RSJ
    private static String bureau;    // 埇桥区, at 341302-XFJ (a bureau cannot return: a 409 proves the caller got through)
    private static String accusing;  // 萧县 (341322), accuses 341322-RSJ, at 3413-RSJ

    @BeforeAll
    static void cases() throws Exception {
        assigned = KafkaProbe.open("case.assigned");
        plain = routed("labour-wages", "341302", null);
        bureau = routed("other", "341302", null);
        accusing = routed("labour-wages", "341322", List.of("341322-RSJ"));
    }

    @AfterAll
    static void close() {
        assigned.close();
    }

    private static String routed(String category, String location, List<String> accused) throws Exception {
        String id = UUID.randomUUID().toString();
        KafkaProbe.send("petition.registered", id, "gov.petition.petition.registered.v1", UUID.randomUUID(),
                RoutingFlowTest.registered(id, category, location, accused));
        Contracts.assertValidRecord("case.assigned", assigned.await(r -> id.equals(r.key()), 1, java.time.Duration.ofSeconds(30)).get(0));
        return id;
    }

    enum Scope { OWN, OTHER, RECUSED, NO_CLAIM }

    /** The token of a role in a scope: a jurisdiction for the jurisdiction roles, a unit for a handler. */
    static String token(String role, Scope scope, String holdingUnit) {
        return switch (role) {
            case "handler" -> TestTokens.token("handler-m", Set.of(role), switch (scope) {
                case OWN -> holdingUnit;
                case OTHER -> "341502-RSJ";
                case RECUSED -> "341322-RSJ";
                case NO_CLAIM -> null;
            }, null);
            case "auditor", "service", "admin" -> TestTokens.token(role + "-m", Set.of(role), null, null);
            default -> TestTokens.token(role + "-m", Set.of(role), null, switch (scope) {
                case OWN -> "3413";
                case OTHER -> "3415";
                case RECUSED -> "341322";
                case NO_CLAIM -> null;
            });
        };
    }

    /** The case a scope is tried on: the recused scope on the accusing case, the others on a plain one. */
    static String caseFor(Scope scope, String plainCase) {
        return scope == Scope.RECUSED ? accusing : plainCase;
    }

    // expected status for OWN, OTHER, RECUSED, NO_CLAIM
    static final Map<String, int[]> READ = Map.of(
            "supervisor", new int[] {200, 404, 404, 404}, "leader", new int[] {200, 404, 404, 404},
            "clerk", new int[] {200, 404, 404, 404}, "handler", new int[] {200, 404, 404, 404},
            "auditor", new int[] {200, 200, 200, 200}, "service", new int[] {200, 200, 200, 200},
            "admin", new int[] {403, 403, 403, 403});
    // a reassignment to the unit that holds the case: 409 "already there" once the caller is through
    static final Map<String, int[]> REASSIGN = Map.of(
            "supervisor", new int[] {409, 404, 404, 404}, "leader", new int[] {403, 403, 403, 403},
            "clerk", new int[] {403, 403, 403, 403}, "handler", new int[] {403, 403, 403, 403},
            "auditor", new int[] {403, 403, 403, 403}, "service", new int[] {403, 403, 403, 403});
    // a return by a petition bureau: 409 "the bureau dispatches" once the caller is through
    static final Map<String, int[]> RETURN = Map.of(
            "handler", new int[] {409, 404, 404, 404}, "supervisor", new int[] {403, 403, 403, 403},
            "leader", new int[] {403, 403, 403, 403}, "clerk", new int[] {403, 403, 403, 403},
            "auditor", new int[] {403, 403, 403, 403}, "service", new int[] {403, 403, 403, 403});

    @Test
    void caseEndpointsByRoleAndScope() {
        List<String> wrong = new ArrayList<>();
        Map<String, Integer> tried = new TreeMap<>();
        for (Scope scope : Scope.values()) {
            READ.forEach((role, expected) -> {
                String id = caseFor(scope, plain);
                int got = given().auth().oauth2(token(role, scope, "341302-RSJ")).get("/cases/" + id + "/assignments").statusCode();
                record(wrong, tried, "assignments", role, scope, expected[scope.ordinal()], got);
            });
            REASSIGN.forEach((role, expected) -> {
                String id = caseFor(scope, plain);
                String holder = scope == Scope.RECUSED ? "3413-RSJ" : "341302-RSJ";
                int got = given().auth().oauth2(token(role, scope, "341302-RSJ")).contentType(ContentType.JSON)
                        .body(Map.of("unitCode", holder, "reason", "matrix")).post("/cases/" + id + "/reassignment").statusCode();
                record(wrong, tried, "reassign", role, scope, expected[scope.ordinal()], got);
            });
            RETURN.forEach((role, expected) -> {
                String id = caseFor(scope, bureau);
                int got = given().auth().oauth2(token(role, scope, "341302-XFJ")).contentType(ContentType.JSON)
                        .body(Map.of("reason", "matrix")).post("/cases/" + id + "/return").statusCode();
                record(wrong, tried, "returnCase", role, scope, expected[scope.ordinal()], got);
            });
        }
        assertEquals(List.of(), wrong);
        assertEquals(3, tried.size(), "every case endpoint was tried");
    }

    private static void record(List<String> wrong, Map<String, Integer> tried, String endpoint, String role, Scope scope,
                               int expected, int got) {
        tried.merge(endpoint, 1, Integer::sum);
        if (expected != got) {
            wrong.add(endpoint + " as " + role + " (" + scope + "): expected " + expected + ", got " + got);
        }
    }
}

package gov.petitions.notification;

import gov.petitions.testing.AuthorizationMatrix;
import gov.petitions.testing.TestSecrets;
import gov.petitions.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.filter.Filter;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Function;

import static io.restassured.RestAssured.given;
import static java.util.Map.entry;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Issue 16's authorization matrix: every endpoint of the service has a row in {@code authorization-matrix.csv} (a new
 * endpoint without one fails the build), each role gets past authorization exactly where its row says, and every
 * endpoint about a petition's messages and letters is tried by each role its row names, from its own jurisdiction
 * or unit, another one, inside the petition's recusal set, and without the claim (absent or empty).
 */
@QuarkusTest
@QuarkusTestResource(TestSecrets.class)
@QuarkusTestResource(StandIns.class)
class AuthorizationMatrixTest {

    @Test
    void everyEndpointIsInTheAuthorizationMatrixAndEnforcedAsItSays() {
        List<AuthorizationMatrix.Endpoint> matrix = AuthorizationMatrix.read("authorization-matrix.csv");
        // the whole service, not just .rest: a resource put anywhere else still needs its row
        AuthorizationMatrix.assertCoversTheCode(AuthorizationMatrix.fromCode("gov.petitions.notification"), matrix);
        // {} bodies are refused by validation (400) and random ids are 404s, so trying each role changes nothing; the
        // one call that would act on its own, the digest run, gets a date that is none (refused before it runs). The
        // letter's PDF is asked for as what it is: for Accept: application/json the route answers 406 before any
        // authorization, which would say nothing about who may call it.
        Filter harmless = (request, response, context) -> {
            if (request.getURI().contains("/digests/overdue")) {
                request.queryParam("date", "not-a-date");
            }
            if (request.getURI().endsWith("/pdf")) {
                request.replaceHeader("Accept", "application/pdf, application/problem+json");
            }
            return context.next(request, response);
        };
        AuthorizationMatrix.assertEnforced(matrix, AuthorizationMatrix.provincialTokens(),
                Map.of("templateId", "case.accepted.petitioner", "channel", "SMS"), () -> given().filter(harmless));
        // that the operator's digest call above was refused before it ran (the date is a query parameter that fails)
        given().auth().oauth2(AuthorizationMatrix.provincialTokens().get("admin")).queryParam("date", "not-a-date")
                .post("/digests/overdue").then().statusCode(404).contentType("application/problem+json");
    }

    enum Scope { OWN, OTHER, RECUSED, NO_CLAIM, EMPTY_CLAIM }

    /**
     * A token of the role in the scope. The petition is in 萧县 (341322), accuses 341322-RSJ and is held by 3413-RSJ:
     * own is 宿州 (3413) or the holding unit, other is 滁州 (3415) or a unit there, recused is the accused county or the
     * accused unit. Auditors, services and operators have no claim to vary: they read the whole province.
     */
    static String token(String role, Scope scope) {
        return switch (role) {
            case "handler" -> TestTokens.token("handler-matrix", Set.of(role), claim(scope, "3413-RSJ", "341502-RSJ", "341322-RSJ"), null);
            case "auditor", "service", "admin" -> TestTokens.token(role + "-matrix", Set.of(role), null, null);
            default -> TestTokens.token(role + "-matrix", Set.of(role), null, claim(scope, "3413", "3415", "341322"));
        };
    }

    private static String claim(Scope scope, String own, String other, String recused) {
        return switch (scope) {
            case OWN -> own;
            case OTHER -> other;
            case RECUSED -> recused;
            case NO_CLAIM -> null;
            case EMPTY_CLAIM -> "";
        };
    }

    // the outcome in each scope, in the order of Scope: a status, or for a list whether the petition's item is on it
    private static final String SEES_IN_SCOPE = "200 404 404 404 404";
    private static final String SEES_PROVINCE = "200 200 200 200 200";
    // lists answer 200 with nothing in them outside the scope, a token without its claim included
    private static final String LISTS_IN_SCOPE = "listed absent absent absent absent";
    private static final String LISTS_PROVINCE = "listed listed listed listed listed";

    /** matrix row → role → outcome by scope, in the order tried (the letter is marked printed last). */
    static final Map<String, Map<String, String>> EXPECTED = ordered(
            entry("GET /messages", Map.of("supervisor", LISTS_IN_SCOPE, "clerk", LISTS_IN_SCOPE, "handler", LISTS_IN_SCOPE,
                    "auditor", LISTS_PROVINCE, "service", LISTS_PROVINCE, "admin", LISTS_PROVINCE)),
            entry("GET /messages/{messageId}", Map.of("supervisor", SEES_IN_SCOPE, "clerk", SEES_IN_SCOPE, "handler", SEES_IN_SCOPE,
                    "auditor", SEES_PROVINCE, "service", SEES_PROVINCE, "admin", SEES_PROVINCE)),
            entry("GET /print-queue", Map.of("clerk", LISTS_IN_SCOPE)),
            entry("GET /print-queue/{letterId}/pdf", Map.of("clerk", SEES_IN_SCOPE)),
            entry("POST /print-queue/{letterId}/printed", Map.of("clerk", SEES_IN_SCOPE)));

    @SafeVarargs
    private static Map<String, Map<String, String>> ordered(Map.Entry<String, Map<String, String>>... entries) {
        Map<String, Map<String, String>> map = new LinkedHashMap<>();
        for (Map.Entry<String, Map<String, String>> e : entries) {
            map.put(e.getKey(), e.getValue());
        }
        return map;
    }

    /**
     * Rows the scope table leaves out, and why: they are about no petition (operators' tools, texts, digests) or for
     * an operator only, who is not scoped (resend).
     */
    static final Set<String> NOT_SCOPED = Set.of("POST /messages/{messageId}/resend", "POST /digests/overdue",
            "GET /recipients/{ref}", "PUT /recipients/{ref}/webhook", "DELETE /recipients/{ref}/webhook",
            "PUT /recipients/{ref}/email", "DELETE /recipients/{ref}/email", "GET /templates",
            "GET /templates/{templateId}/{channel}", "GET /templates/{templateId}/{channel}/versions",
            "PUT /templates/{templateId}/{channel}", "POST /templates/{templateId}/{channel}/preview");

    @Test
    void everyPetitionEndpointByRoleAndScope() throws Exception {
        for (AuthorizationMatrix.Endpoint row : AuthorizationMatrix.read("authorization-matrix.csv")) {
            String key = row.method() + " " + row.path();
            if (!NOT_SCOPED.contains(key)) {
                assertEquals(new TreeSet<>(row.roles()), new TreeSet<>(EXPECTED.getOrDefault(key, Map.of()).keySet()),
                        key + ": every role of its row, and only those, in the scope table");
            }
        }

        // one real petition: 萧县 accuses its own 人社局, so it is held by 宿州市人社局, and answered in writing
        String petitionId = UUID.randomUUID().toString();
        String ref = UUID.randomUUID().toString();
        String number = Events.trackingNumber();
        Received.contact(ref, "王矩阵", "13700003333", "安徽省宿州市萧县矩阵路1号");
        Events.registered(petitionId, ref, number, "341322101", List.of("341322-RSJ"));
        await().atMost(Duration.ofSeconds(60)).until(() -> ChannelsTest.messages(petitionId).size() == 1);
        Events.assigned(petitionId, number, "3413-RSJ", "宿州市人力资源和社会保障局");
        await().atMost(Duration.ofSeconds(60)).until(() -> ChannelsTest.messages(petitionId).size() >= 3);
        Events.statusChanged(petitionId, number, "ACCEPTED", "REPLIED", "经调查核实，已依法处理。");
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                given().auth().oauth2(TestTokens.auditor()).queryParam("petitionId", petitionId).get("/messages")
                        .then().body("find { it.channel == 'LETTER' }.status", equalTo("DELIVERED")));
        String letterId = (String) ChannelsTest.messages(petitionId).stream().filter(m -> "LETTER".equals(m.get("channel")))
                .findFirst().orElseThrow().get("messageId");
        String messageId = (String) ChannelsTest.messages(petitionId).stream().filter(m -> !"LETTER".equals(m.get("channel")))
                .findFirst().orElseThrow().get("messageId");

        // what a list must hold for "listed": one of the petition's messages, its letter
        Map<String, Function<RequestSpecification, Response>> calls = Map.of(
                "GET /messages", r -> r.queryParam("petitionId", petitionId).get("/messages"),
                "GET /messages/{messageId}", r -> r.get("/messages/" + messageId),
                "GET /print-queue", r -> r.get("/print-queue"),
                "GET /print-queue/{letterId}/pdf", r -> r.accept("application/pdf, application/problem+json")
                        .get("/print-queue/" + letterId + "/pdf"),
                "POST /print-queue/{letterId}/printed", r -> r.post("/print-queue/" + letterId + "/printed"));
        Map<String, String> listed = Map.of("GET /messages", messageId, "GET /print-queue", letterId);
        assertEquals(EXPECTED.keySet(), calls.keySet(), "a call for every row of the scope table");

        List<String> wrong = new ArrayList<>();
        EXPECTED.forEach((endpoint, byRole) -> byRole.forEach((role, outcomes) -> {
            String[] expected = outcomes.split(" ");
            for (Scope scope : Scope.values()) {
                Response response = calls.get(endpoint).apply(given().auth().oauth2(token(role, scope)));
                String got = outcome(response, listed.get(endpoint));
                if (!expected[scope.ordinal()].equals(got)) {
                    wrong.add(endpoint + " as " + role + " (" + scope + "): expected " + expected[scope.ordinal()] + ", got " + got);
                }
            }
        }));
        assertEquals(List.of(), wrong);
        // the one write that went through: the letter is printed, by the clerk of its own city
        given().auth().oauth2(token("clerk", Scope.OWN)).post("/print-queue/" + letterId + "/printed").then()
                .statusCode(409).body("detail", org.hamcrest.Matchers.containsString("printed"));
    }

    /** The status, or for a 200 list whether it holds the item. */
    private static String outcome(Response response, String item) {
        if (item != null && response.statusCode() == 200) {
            List<Object> ids = new ArrayList<>(response.jsonPath().getList("messageId"));
            ids.addAll(response.jsonPath().getList("letterId"));
            return ids.contains(item) ? "listed" : "absent";
        }
        return String.valueOf(response.statusCode());
    }
}

package gov.petitions.supervision;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import gov.petitions.supervision.service.TimelineAnchoring;
import gov.petitions.testing.AuthorizationMatrix;
import gov.petitions.testing.KafkaProbe;
import gov.petitions.testing.TestSecrets;
import gov.petitions.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.Year;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
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
 * case endpoint is tried by each role its row names, from its own jurisdiction or unit, another one, inside the
 * case's recusal set, and without the claim (absent or empty).
 */
@QuarkusTest
@QuarkusTestResource(TestSecrets.class)
class AuthorizationMatrixTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    TimelineAnchoring anchoring;

    @Test
    void everyEndpointIsInTheAuthorizationMatrixAndEnforcedAsItSays() {
        List<AuthorizationMatrix.Endpoint> matrix = AuthorizationMatrix.read("authorization-matrix.csv");
        // the whole service, not just .rest: a resource put anywhere else still needs its row
        AuthorizationMatrix.assertCoversTheCode(AuthorizationMatrix.fromCode("gov.petitions.supervision"), matrix);
        // every POST here validates its body before it looks for the case, so {} is a 400 and the random case ids a
        // 404: nothing is changed by trying each role
        AuthorizationMatrix.assertEnforced(matrix, AuthorizationMatrix.provincialTokens(), Map.of("followUpId", "1", "year", "2099", "day", "2099-01-01",
                "documentId", UUID.randomUUID().toString()));
    }

    enum Scope { OWN, OTHER, RECUSED, NO_CLAIM, EMPTY_CLAIM }

    /**
     * A token of the role in the scope. The case is in 萧县 (341322), accuses 341322-RSJ and is held by 3413-RSJ:
     * own is 宿州 (3413) or the holding unit, other is 滁州 (3415) or a unit there, recused is the accused county or the
     * accused unit. Auditors and services have no claim to vary: they read the whole province.
     */
    static String token(String role, Scope scope) {
        return switch (role) {
            case "handler" -> TestTokens.token("handler-matrix", Set.of(role), claim(scope, "3413-RSJ", "341502-RSJ", "341322-RSJ"), null);
            case "auditor", "service" -> TestTokens.token(role + "-matrix", Set.of(role), null, null);
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

    // the outcome in each scope, in the order of Scope: a status, or for the queue whether the case is listed
    private static final String SEES_IN_SCOPE = "200 404 404 404 404";
    // the case is answered, its minutes and follow-up done: a 409 about its state proves the caller reached the case
    private static final String REACHES_IN_SCOPE = "409 404 404 404 404";
    private static final String SEES_PROVINCE = "200 200 200 200 200";
    private static final String LISTS_IN_SCOPE = "listed absent absent 403 403";
    // counts include cases that recuse the caller (counts yes, case lists no); no usable jurisdiction is a 403
    private static final String COUNTS_IN_SCOPE = "200 200 200 403 403";

    // a JSON body is no document: refused for its kind once the case is reached (415), 404 where it is not visible
    private static final String DOCUMENT_IN_SCOPE = "415 404 404 404 404";
    // a document id the case does not have: 404 everywhere, after the case's own check
    private static final String DOCUMENT_ABSENT = "404 404 404 404 404";

    private static final String BULK_IN_SCOPE = "illegal-transition not-found not-found 403 403";

    private static final Map<String, String> HOLIDAYS_READERS = Map.of("admin", SEES_PROVINCE, "auditor", SEES_PROVINCE,
            "clerk", SEES_PROVINCE, "handler", SEES_PROVINCE, "leader", SEES_PROVINCE, "supervisor", SEES_PROVINCE);

    /** matrix row → role → outcome by scope; every role of the row is here. */
    static final Map<String, Map<String, String>> EXPECTED = Map.ofEntries(
            entry("GET /ledger/{petitionId}", Map.of("supervisor", SEES_IN_SCOPE, "leader", SEES_IN_SCOPE,
                    "clerk", SEES_IN_SCOPE, "handler", SEES_IN_SCOPE, "auditor", SEES_PROVINCE, "service", SEES_PROVINCE)),
            entry("GET /cases/{petitionId}/timeline/verification", Map.of("supervisor", SEES_IN_SCOPE, "leader", SEES_IN_SCOPE,
                    "clerk", SEES_IN_SCOPE, "handler", SEES_IN_SCOPE, "auditor", SEES_PROVINCE, "service", SEES_PROVINCE)),
            entry("GET /cases/{petitionId}/timeline/proof", Map.of("supervisor", SEES_IN_SCOPE, "leader", SEES_IN_SCOPE,
                    "auditor", SEES_PROVINCE)),
            // the digests name no case (nor is the case listed in them): any jurisdiction reads them, no claim is a 403
            entry("GET /timeline/digests", Map.of("supervisor", "absent absent absent 403 403",
                    "admin", "absent absent absent 403 403", "auditor", "absent absent absent absent absent")),
            entry("GET /timeline/digests/{day}", Map.of("supervisor", COUNTS_IN_SCOPE, "admin", COUNTS_IN_SCOPE,
                    "auditor", SEES_PROVINCE)),
            entry("GET /cases/{petitionId}/leadership", Map.of("supervisor", SEES_IN_SCOPE, "leader", SEES_IN_SCOPE,
                    "handler", SEES_IN_SCOPE, "auditor", SEES_PROVINCE)),
            entry("GET /cases/queue", Map.of("supervisor", LISTS_IN_SCOPE, "leader", LISTS_IN_SCOPE, "handler", LISTS_IN_SCOPE)),
            // the export holds exactly the queue's cases; no usable claim is a 403, before any byte of a file
            entry("GET /cases/export", Map.of("supervisor", LISTS_IN_SCOPE, "leader", LISTS_IN_SCOPE, "handler", LISTS_IN_SCOPE)),
            // bulk: per case, the single case's answer (the answered case cannot be urged; the assigned one not called
            // back), "not-found" for a case the caller may not see; no jurisdiction is a 403 for the whole request
            entry("POST /cases/bulk/urge", Map.of("supervisor", BULK_IN_SCOPE)),
            entry("POST /cases/bulk/call-backs", Map.of("supervisor", BULK_IN_SCOPE, "clerk", BULK_IN_SCOPE)),
            entry("POST /cases/{petitionId}/decision", Map.of("handler", REACHES_IN_SCOPE)),
            entry("POST /cases/{petitionId}/extension", Map.of("handler", REACHES_IN_SCOPE)),
            entry("POST /cases/{petitionId}/reply", Map.of("handler", REACHES_IN_SCOPE)),
            entry("POST /cases/{petitionId}/escalation-request", Map.of("handler", REACHES_IN_SCOPE)),
            entry("POST /cases/{petitionId}/urge", Map.of("supervisor", REACHES_IN_SCOPE)),
            // the answered case has no clock to count again: the 409 proves the supervisor reached it
            entry("PUT /cases/{petitionId}/urgency", Map.of("supervisor", REACHES_IN_SCOPE)),
            entry("POST /cases/{petitionId}/instructions", Map.of("leader", SEES_IN_SCOPE)),
            entry("POST /cases/{petitionId}/minutes", Map.of("leader", REACHES_IN_SCOPE)),
            entry("POST /cases/{petitionId}/follow-ups/{followUpId}/report", Map.of("leader", REACHES_IN_SCOPE,
                    "supervisor", REACHES_IN_SCOPE, "handler", REACHES_IN_SCOPE)),
            entry("GET /statistics/volume", Map.of("supervisor", COUNTS_IN_SCOPE, "leader", COUNTS_IN_SCOPE, "auditor", SEES_PROVINCE)),
            entry("GET /statistics/performance", Map.of("supervisor", COUNTS_IN_SCOPE, "leader", COUNTS_IN_SCOPE, "auditor", SEES_PROVINCE)),
            entry("GET /internal/cases/{petitionId}/progress", Map.of("service", SEES_PROVINCE)),
            // an admin imports only within the jurisdiction of the token (宿州's figures: refused from 滁州 and 萧县)
            entry("POST /statistics/imports", Map.of("admin", "200 400 400 403 403")),
            entry("GET /statistics/imports", Map.of("admin", COUNTS_IN_SCOPE)),
            entry("GET /calendar/holidays", HOLIDAYS_READERS),
            entry("GET /calendar/holidays/{year}", HOLIDAYS_READERS),
            // one calendar for the province's clocks: no city's or county's admin changes it, nor one without the claim
            entry("PUT /calendar/holidays/{year}", Map.of("admin", "403 403 403 403 403")),
            entry("GET /cases/{petitionId}/written-decision", Map.of("service", SEES_PROVINCE)),
            // the case is answered, so a call-back reaches it: a try that found nobody, which leaves it as it is
            entry("GET /call-backs", Map.of("supervisor", LISTS_IN_SCOPE, "clerk", LISTS_IN_SCOPE, "handler", LISTS_IN_SCOPE)),
            entry("POST /cases/{petitionId}/call-backs", Map.of("supervisor", SEES_IN_SCOPE, "clerk", SEES_IN_SCOPE)),
            entry("GET /cases/{petitionId}/call-backs", Map.of("supervisor", SEES_IN_SCOPE, "leader", SEES_IN_SCOPE,
                    "clerk", SEES_IN_SCOPE, "handler", SEES_IN_SCOPE, "auditor", SEES_PROVINCE)),
            // the answered case cannot lead a matter, and the assigned one is no member of it: the 409 proves the caller
            // reached both; linking and splitting are the bureau's, the matter is whoever sees the case's
            entry("POST /cases/{petitionId}/linked-cases", Map.of("supervisor", REACHES_IN_SCOPE, "clerk", REACHES_IN_SCOPE)),
            entry("DELETE /cases/{petitionId}/linked-cases/{memberId}", Map.of("supervisor", REACHES_IN_SCOPE,
                    "clerk", REACHES_IN_SCOPE)),
            entry("GET /cases/{petitionId}/linked-cases", Map.of("supervisor", SEES_IN_SCOPE, "leader", SEES_IN_SCOPE,
                    "clerk", SEES_IN_SCOPE, "handler", SEES_IN_SCOPE, "auditor", SEES_PROVINCE)),
            // a list of candidates, which never holds the case itself: answered in scope, else 404 as for any one case
            entry("GET /cases/{petitionId}/link-suggestions", Map.of("supervisor", "absent 404 404 404 404",
                    "clerk", "absent 404 404 404 404")),
            entry("GET /statistics/call-backs", Map.of("supervisor", COUNTS_IN_SCOPE, "leader", COUNTS_IN_SCOPE, "auditor", SEES_PROVINCE)),
            // documents: an upload of JSON reaches the case and is refused for its kind (415), storing nothing; the
            // list and a document id the case does not have are whoever sees the case's (200, and 404 for the document)
            entry("POST /cases/{petitionId}/documents", Map.of("supervisor", DOCUMENT_IN_SCOPE, "leader", DOCUMENT_IN_SCOPE,
                    "clerk", DOCUMENT_IN_SCOPE, "handler", DOCUMENT_IN_SCOPE)),
            entry("GET /cases/{petitionId}/documents", Map.of("supervisor", SEES_IN_SCOPE, "leader", SEES_IN_SCOPE,
                    "clerk", SEES_IN_SCOPE, "handler", SEES_IN_SCOPE, "auditor", SEES_PROVINCE)),
            entry("GET /cases/{petitionId}/documents/{documentId}", Map.of("supervisor", DOCUMENT_ABSENT,
                    "leader", DOCUMENT_ABSENT, "clerk", DOCUMENT_ABSENT, "handler", DOCUMENT_ABSENT,
                    "auditor", DOCUMENT_ABSENT)),
            // the case was not found unresolved, so it is on no one's list; the claims are still checked (CallBackTest lists it)
            entry("GET /statistics/closed-not-resolved", Map.of("supervisor", "absent absent absent 403 403",
                    "leader", "absent absent absent 403 403", "handler", "absent absent absent 403 403",
                    "auditor", "absent absent absent absent absent")),
            // retention covers the whole province: an admin of a city, a county or without the claim is refused; auditors
            // read the province (the case is not archived: 404); verifying a file reads nothing stored (not a zip: 400)
            entry("POST /retention/runs", Map.of("admin", "403 403 403 403 403")),
            entry("GET /retention/runs", Map.of("admin", "403 403 403 403 403", "auditor", "absent absent absent absent absent")),
            entry("GET /retention/runs/{runId}", Map.of("admin", "403 403 403 403 403", "auditor", "404 404 404 404 404")),
            entry("GET /archives/{petitionId}", Map.of("admin", "403 403 403 403 403", "auditor", "404 404 404 404 404")),
            entry("GET /archives/{petitionId}/manifest", Map.of("admin", "403 403 403 403 403", "auditor", "404 404 404 404 404")),
            entry("POST /archives/verification", Map.of("admin", "400 400 400 400 400", "auditor", "400 400 400 400 400")));

    /**
     * Rows the scope table leaves out, and why: the petitioner's own steps, for the service role only, which is not
     * scoped (intake, its only caller, checks the petitioner's tracking number and query code), and they would move
     * the case on.
     */
    static final Set<String> NOT_SCOPED = Set.of("POST /internal/cases/{petitionId}/evaluation",
            "POST /internal/cases/{petitionId}/review-request");

    @Test
    void everyCaseEndpointByRoleAndScope() throws Exception {
        List<AuthorizationMatrix.Endpoint> matrix = AuthorizationMatrix.read("authorization-matrix.csv");
        for (AuthorizationMatrix.Endpoint row : matrix) {
            String key = row.method() + " " + row.path();
            if (!NOT_SCOPED.contains(key)) {
                assertEquals(new TreeSet<>(row.roles()), new TreeSet<>(EXPECTED.getOrDefault(key, Map.of()).keySet()),
                        key + ": every role of its row, and only those, in the scope table");
            }
        }

        // one real case: 萧县 accuses its own 人社局, so routing sent it to 宿州市人社局; answered, with minutes and a
        // follow-up done, so that the writes below reach it without changing it (409) where they can
        String category = "matrix-" + UUID.randomUUID().toString().substring(0, 8);
        String id = openCase(category);
        String holder = TestTokens.handler("3413-RSJ");
        given().auth().oauth2(holder).contentType(ContentType.JSON).body(Map.of("accepted", true))
                .post("/cases/" + id + "/decision").then().statusCode(200);
        given().auth().oauth2(holder).contentType(ContentType.JSON).body(Map.of("text", "已依法处理"))
                .post("/cases/" + id + "/reply").then().statusCode(200).body("status", equalTo("REPLIED"));
        String leader = TestTokens.leader("3413");
        long followUp = ((Number) given().auth().oauth2(leader).contentType(ContentType.JSON)
                .body(Map.of("summary", "接访纪要", "team", List.of("专班"),
                        "followUps", List.of(OffsetDateTime.now(ZoneOffset.UTC).plusDays(30).toString())))
                .post("/cases/" + id + "/minutes").then().statusCode(200).extract().path("followUps[0].followUpId")).longValue();
        given().auth().oauth2(leader).contentType(ContentType.JSON).body(Map.of("note", "已回访"))
                .post("/cases/" + id + "/follow-ups/" + followUp + "/report").then().statusCode(200);

        // a second case, still assigned: a call-back reaches it and is refused for its state, changing nothing
        String assigned = openCase(category + "-a");

        String year = String.valueOf(Year.now(ZoneId.of("Asia/Shanghai")).getValue());
        // a day that has a digest: yesterday's, made now if the scheduler has not yet, else the newest there is
        anchoring.anchorYesterday();
        String digestDay = given().auth().oauth2(TestTokens.auditor()).get("/timeline/digests?size=1").then().statusCode(200)
                .extract().path("items[0].day");
        Map<String, Function<RequestSpecification, Response>> calls = Map.ofEntries(
                entry("GET /ledger/{petitionId}", r -> r.get("/ledger/" + id)),
                entry("GET /cases/{petitionId}/timeline/verification", r -> r.get("/cases/" + id + "/timeline/verification")),
                entry("GET /cases/{petitionId}/timeline/proof", r -> r.get("/cases/" + id + "/timeline/proof")),
                entry("GET /timeline/digests", r -> r.get("/timeline/digests")),
                entry("GET /timeline/digests/{day}", r -> r.accept(ContentType.JSON).get("/timeline/digests/" + digestDay)),
                entry("GET /cases/{petitionId}/leadership", r -> r.get("/cases/" + id + "/leadership")),
                entry("GET /cases/queue", r -> r.queryParam("status", "REPLIED").queryParam("category", category)
                        .queryParam("size", 200).get("/cases/queue")),
                entry("GET /cases/export", r -> r.queryParam("status", "REPLIED").queryParam("category", category)
                        .get("/cases/export")),
                entry("POST /cases/bulk/urge", r -> r.body(Map.of("petitionIds", List.of(id), "reason", "matrix"))
                        .post("/cases/bulk/urge")),
                entry("POST /cases/bulk/call-backs", r -> r.body(Map.of("petitionIds", List.of(assigned), "reached", false))
                        .post("/cases/bulk/call-backs")),
                entry("POST /cases/{petitionId}/decision", r -> r.body(Map.of("accepted", true)).post("/cases/" + id + "/decision")),
                entry("POST /cases/{petitionId}/extension", r -> r.body(Map.of("days", 10, "reason", "matrix"))
                        .post("/cases/" + id + "/extension")),
                entry("POST /cases/{petitionId}/reply", r -> r.body(Map.of("text", "matrix")).post("/cases/" + id + "/reply")),
                entry("POST /cases/{petitionId}/escalation-request", r -> r.body(Map.of("reason", "matrix"))
                        .post("/cases/" + id + "/escalation-request")),
                entry("POST /cases/{petitionId}/urge", r -> r.body(Map.of("reason", "matrix")).post("/cases/" + id + "/urge")),
                entry("PUT /cases/{petitionId}/urgency", r -> r.body(Map.of("urgency", "URGENT", "reason", "matrix"))
                        .put("/cases/" + id + "/urgency")),
                entry("POST /cases/{petitionId}/instructions", r -> r.body(Map.of("text", "matrix"))
                        .post("/cases/" + id + "/instructions")),
                entry("POST /cases/{petitionId}/minutes", r -> r.body(Map.of("summary", "matrix", "team", List.of("x"),
                        "followUps", List.of(OffsetDateTime.now(ZoneOffset.UTC).plusDays(40).toString())))
                        .post("/cases/" + id + "/minutes")),
                entry("POST /cases/{petitionId}/follow-ups/{followUpId}/report", r -> r.body(Map.of("note", "matrix"))
                        .post("/cases/" + id + "/follow-ups/" + followUp + "/report")),
                entry("GET /statistics/volume", r -> r.queryParam("period", "year").queryParam("date", year).get("/statistics/volume")),
                entry("GET /statistics/performance", r -> r.queryParam("period", "year").queryParam("date", year)
                        .get("/statistics/performance")),
                entry("GET /internal/cases/{petitionId}/progress", r -> r.get("/internal/cases/" + id + "/progress")),
                // figures of a long-past month, the same each time: importing them again changes nothing
                entry("POST /statistics/imports", r -> r.contentType("text/csv")
                        .body("month,jurisdiction,channel,category,batches,persons\n2001-01,3413,WALK_IN,matrix,1,1\n")
                        .post("/statistics/imports")),
                entry("GET /statistics/imports", r -> r.get("/statistics/imports")),
                entry("GET /calendar/holidays", r -> r.get("/calendar/holidays")),
                entry("GET /calendar/holidays/{year}", r -> r.get("/calendar/holidays/2026")),
                entry("PUT /calendar/holidays/{year}", r -> r.body(Map.of("source", "matrix", "holidays", List.of(),
                        "workingDays", List.of())).put("/calendar/holidays/2099")),
                entry("GET /cases/{petitionId}/written-decision", r -> r.queryParam("status", "REPLIED")
                        .get("/cases/" + id + "/written-decision")),
                entry("GET /call-backs", r -> r.queryParam("state", "due").queryParam("category", category)
                        .queryParam("size", 200).get("/call-backs")),
                entry("POST /cases/{petitionId}/call-backs", r -> r.body(Map.of("reached", false))
                        .post("/cases/" + id + "/call-backs")),
                entry("GET /cases/{petitionId}/call-backs", r -> r.get("/cases/" + id + "/call-backs")),
                entry("POST /cases/{petitionId}/linked-cases", r -> r.body(Map.of("caseIds", List.of(assigned),
                        "reason", "matrix")).post("/cases/" + id + "/linked-cases")),
                entry("DELETE /cases/{petitionId}/linked-cases/{memberId}", r -> r.body(Map.of("reason", "matrix"))
                        .delete("/cases/" + id + "/linked-cases/" + assigned)),
                entry("GET /cases/{petitionId}/linked-cases", r -> r.get("/cases/" + id + "/linked-cases")),
                entry("GET /cases/{petitionId}/link-suggestions", r -> r.get("/cases/" + id + "/link-suggestions")),
                entry("POST /cases/{petitionId}/documents", r -> r.queryParam("kind", "EVIDENCE").body(Map.of("x", 1))
                        .post("/cases/" + id + "/documents")),
                entry("GET /cases/{petitionId}/documents", r -> r.get("/cases/" + id + "/documents")),
                entry("GET /cases/{petitionId}/documents/{documentId}", r -> r.get("/cases/" + id + "/documents/"
                        + UUID.randomUUID())),
                entry("GET /statistics/call-backs", r -> r.queryParam("period", "year").queryParam("date", year)
                        .get("/statistics/call-backs")),
                entry("GET /statistics/closed-not-resolved", r -> r.queryParam("period", "year").queryParam("date", year)
                        .queryParam("size", 200).get("/statistics/closed-not-resolved")),
                entry("POST /retention/runs", r -> r.body(Map.of("dryRun", true)).post("/retention/runs")),
                entry("GET /retention/runs", r -> r.get("/retention/runs")),
                entry("GET /retention/runs/{runId}", r -> r.get("/retention/runs/" + UUID.randomUUID())),
                entry("GET /archives/{petitionId}", r -> r.get("/archives/" + id)),
                entry("GET /archives/{petitionId}/manifest", r -> r.get("/archives/" + id + "/manifest")),
                entry("POST /archives/verification", r -> r.contentType("application/zip")
                        .body("not a zip".getBytes(java.nio.charset.StandardCharsets.UTF_8)).post("/archives/verification")));
        assertEquals(EXPECTED.keySet(), calls.keySet(), "a call for every row of the scope table");

        List<String> wrong = new ArrayList<>();
        EXPECTED.forEach((endpoint, byRole) -> byRole.forEach((role, outcomes) -> {
            String[] expected = outcomes.split(" ");
            for (Scope scope : Scope.values()) {
                Response response = calls.get(endpoint).apply(given().auth().oauth2(token(role, scope)).contentType(ContentType.JSON));
                String got = outcome(response, id);
                if (!expected[scope.ordinal()].equals(got)) {
                    wrong.add(endpoint + " as " + role + " (" + scope + "): expected " + expected[scope.ordinal()] + ", got " + got);
                }
            }
        }));
        assertEquals(List.of(), wrong);
        // the one write that went through changed only what it should: one more instruction, nothing else
        given().auth().oauth2(TestTokens.auditor()).get("/cases/" + id + "/leadership").then().statusCode(200)
                .body("status", equalTo("REPLIED")).body("urgeCount", equalTo(0)).body("instructions.size()", equalTo(1))
                .body("followUps.size()", equalTo(1));
    }

    /**
     * The status; for a 200 list or export whether the case is on it; for a bulk action, what became of its one case.
     */
    private static String outcome(Response response, String id) {
        String type = response.contentType() == null ? "" : response.contentType();
        if (response.statusCode() == 200 && type.startsWith("text/csv")) {
            return response.asString().contains(id) ? "listed" : "absent";
        }
        if (response.statusCode() == 200 && type.contains("json") && response.asString().strip().startsWith("[")) {
            return "200"; // a plain list (a case's documents): reaching it is the outcome
        }
        if (response.statusCode() == 200 && type.contains("json") && response.path("results") != null) {
            return "done".equals(response.path("results[0].outcome")) ? "done" : response.path("results[0].reason");
        }
        if (response.statusCode() == 200 && response.path("items") != null) {
            return response.jsonPath().getList("items.petitionId").contains(id) ? "listed" : "absent";
        }
        return String.valueOf(response.statusCode());
    }

    private static String openCase(String category) throws Exception {
        String id = UUID.randomUUID().toString();
        OffsetDateTime at = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MILLIS);
        KafkaProbe.send("petition.registered", id, "gov.petition.petition.registered.v1", UUID.randomUUID(),
                withCategory(ScopeAndRecusalTest.registered(id, "341322", List.of("341322-RSJ"), at), category));
        KafkaProbe.send("case.assigned", id, "gov.petition.case.assigned.v1", UUID.randomUUID(),
                withCategory(ScopeAndRecusalTest.assigned(id, "341322", 1, "3413-RSJ", "CITY", at), category));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(TestTokens.supervisor("3413"))
                .get("/ledger/" + id).then().statusCode(200).body("status", equalTo("ASSIGNED"))
                .body("categoryCode", equalTo(category)));
        return id;
    }

    private static String withCategory(String json, String category) throws Exception {
        ObjectNode data = (ObjectNode) JSON.readTree(json);
        data.put("categoryCode", category);
        return JSON.writeValueAsString(data);
    }
}

package gov.petitions.system;

import gov.petitions.testing.TestTokens;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Retention and archiving (信访档案, docs/archiving.md) through the real processes: a case closed past its retention
 * period (this instance keeps closed cases zero days: ./petitions test sets SUPERVISION_RETENTION_CLASSES_SHORT=P0D)
 * is archived by supervision with the petition fetched from the real intake under supervision's own service identity,
 * the archive verifies, and case.archived removes the petitioner's data in intake and in notification.
 */
class RetentionSystemTest {

    private static final int BASE = Integer.getInteger("petitions.base-port", 18080);
    private static final String INTAKE = "http://127.0.0.1:" + (BASE + 1);
    private static final String SUPERVISION = "http://127.0.0.1:" + (BASE + 3);
    private static final String NOTIFICATION = "http://127.0.0.1:" + (BASE + 4);
    private static final String REMOVED = "[已归档删除]";

    @Test
    void aClosedCaseIsArchivedFromTheRealIntakeVerifiedAndItsPersonalDataRemovedEverywhere() throws Exception {
        String name = "档案测试人";
        String id = given().auth().oauth2(TestTokens.clerk()).contentType(ContentType.JSON)
                .body(Map.of("channel", "WALK_IN", "categoryCode", "labour-wages", "locationCode", "341302",
                        "summary", "归档系统测试：拖欠工资", "personCount", 1,
                        "petitioner", Map.of("name", name, "phone", "13900007777")))
                .post(INTAKE + "/petitions").then().statusCode(201).extract().path("petitionId");
        String auditor = TestTokens.auditor();
        until("the case is assigned in the ledger", () -> "ASSIGNED".equals(given().auth().oauth2(auditor)
                .get(SUPERVISION + "/ledger/" + id).then().extract().path("status")));
        String unit = given().auth().oauth2(auditor).get(SUPERVISION + "/ledger/" + id).then().extract().path("unitCode");
        // not accepted (不予受理): closed at once, and this instance's retention is zero days
        given().auth().oauth2(TestTokens.handler(unit)).contentType(ContentType.JSON)
                .body(Map.of("accepted", false, "reason", "不属于信访事项受理范围"))
                .post(SUPERVISION + "/cases/" + id + "/decision").then().statusCode(200)
                .body("status", equalTo("NOT_ACCEPTED"));
        until("the petitioner is told (a message exists)", () -> !messages(id).isEmpty());

        String admin = TestTokens.token("admin-e2e", Set.of("admin"), null, "34");
        String runId = given().auth().oauth2(admin).contentType(ContentType.JSON).body(Map.of("dryRun", false))
                .post(SUPERVISION + "/retention/runs").then().statusCode(202).extract().path("id");
        // the run's other items (other tests' closed cases) may still wait: this one's outcome is what counts
        JsonPath[] progress = new JsonPath[1];
        until("the run has worked the case", () -> {
            progress[0] = given().auth().oauth2(admin).queryParam("size", 500).get(SUPERVISION + "/retention/runs/" + runId)
                    .then().statusCode(200).extract().jsonPath();
            Map<String, Object> mine = itemOf(progress[0], id);
            return mine != null && ((Number) mine.get("attempts")).intValue() > 0 || progress[0].get("run.finishedAt") != null;
        });
        Map<String, Object> item = itemOf(progress[0], id);
        assertNotNull(item, "the run took the closed case: " + progress[0].prettify());
        assertEquals("ARCHIVED", item.get("state"), "archived with intake's petition: " + item);

        // the archive holds the petition as intake gave it, and verifies on its own
        byte[] zip = given().auth().oauth2(auditor).get(SUPERVISION + "/archives/" + id).then().statusCode(200)
                .extract().asByteArray();
        assertTrue(zip.length > 0);
        given().auth().oauth2(auditor).contentType("application/zip").body(zip).post(SUPERVISION + "/archives/verification")
                .then().statusCode(200).body("verified", equalTo(true));
        String petitionJson = new String(unzip(zip, "petition.json"), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(petitionJson.contains(name), "the archive keeps the petitioner: " + petitionJson);

        // case.archived: intake and notification remove the petitioner's data
        until("intake removed the petition's text", () -> REMOVED.equals(given().auth().oauth2(auditor)
                .get(INTAKE + "/petitions/" + id).then().statusCode(200).extract().path("summary")));
        String petition = given().auth().oauth2(auditor).get(INTAKE + "/petitions/" + id).then().statusCode(200)
                .extract().asString();
        assertFalse(petition.contains(name), petition);
        until("notification removed the texts it sent", () -> messages(id).stream()
                .allMatch(m -> !String.valueOf(m.get("text")).contains("归档系统测试")
                        && !String.valueOf(m.get("text")).contains(name)));
        given().auth().oauth2(auditor).get(SUPERVISION + "/cases/" + id + "/timeline/verification").then()
                .statusCode(200).body("redacted.status", equalTo("REDACTED"));
    }

    private static Map<String, Object> itemOf(JsonPath progress, String petitionId) {
        return progress.<Map<String, Object>>getList("items").stream()
                .filter(i -> petitionId.equals(i.get("petitionId"))).findFirst().orElse(null);
    }

    private static List<Map<String, Object>> messages(String petitionId) {
        return given().auth().oauth2(TestTokens.auditor()).queryParam("petitionId", petitionId)
                .get(NOTIFICATION + "/messages").then().statusCode(200).extract().jsonPath().getList("$");
    }

    private static byte[] unzip(byte[] zip, String entry) throws Exception {
        try (java.util.zip.ZipInputStream in = new java.util.zip.ZipInputStream(new java.io.ByteArrayInputStream(zip))) {
            for (java.util.zip.ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                if (e.getName().equals(entry)) {
                    return in.readAllBytes();
                }
            }
        }
        throw new AssertionError("no " + entry + " in the archive");
    }

    private static void until(String what, Supplier<Boolean> condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (Boolean.TRUE.equals(condition.get())) {
                    return;
                }
            } catch (AssertionError | RuntimeException e) {
                // not yet: the services are eventually consistent through the broker
            }
            Thread.sleep(300);
        }
        throw new AssertionError("timed out waiting until " + what);
    }
}

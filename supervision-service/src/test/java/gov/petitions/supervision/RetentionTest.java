package gov.petitions.supervision;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import gov.petitions.supervision.service.CaseArchiver;
import gov.petitions.supervision.service.RetentionJob;
import gov.petitions.testing.Contracts;
import gov.petitions.testing.KafkaProbe;
import gov.petitions.testing.MovableClock;
import gov.petitions.testing.TestSecrets;
import gov.petitions.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 22, retention and archiving (信访档案, docs/archiving.md): a closed case past its retention period is written to
 * a self-contained archive file (verified on its own), told on case.archived and anonymised here without moving any
 * statistic; open cases, cases within retention and cases reopened meanwhile stay as they were; intake down leaves the
 * case pending for the next run; a dry run changes nothing. Category {@code retention-brief} has a two-day class in
 * the test profile, {@code retention-keep} the ten-year default; the review window is one day (RetentionClocks): the
 * clock is moved three days on.
 */
@QuarkusTest
@QuarkusTestResource(TestSecrets.class)
@QuarkusTestResource(IntakeStandIn.class)
@io.quarkus.test.junit.TestProfile(RetentionClocks.class)
class RetentionTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BRIEF = "retention-brief";
    private static final String KEEP = "retention-keep";
    private static final String UNIT = "341302-R" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
    private static final String REPLY = "经核查，王小明反映的欠薪问题已督促用人单位支付，联系电话13800138000";
    private static KafkaProbe archived;

    @Inject
    MovableClock clock;

    @Inject
    DataSource dataSource;

    @Inject
    RetentionJob job;

    @Inject
    gov.petitions.supervision.service.TimelineAnchoring anchoring;

    @BeforeAll
    static void open() {
        archived = KafkaProbe.open("case.archived");
    }

    @AfterAll
    static void close() {
        archived.close();
    }

    @AfterEach
    void realTime() {
        clock.reset();
        IntakeStandIn.down(false);
    }

    // ------------------------------------------------------------------ cases

    static String admin() {
        return TestTokens.token("admin-retention", Set.of("admin"), null, TestTokens.province());
    }

    private static RequestSpecification as(String token) {
        return given().auth().oauth2(token).contentType(ContentType.JSON);
    }

    private String openCase(String category) throws Exception {
        String id = UUID.randomUUID().toString();
        OffsetDateTime at = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MILLIS);
        ObjectNode registered = (ObjectNode) JSON.readTree(Contracts.example("petition.registered"));
        registered.put("petitionId", id).put("trackingNumber", "XF20261126654321").put("categoryCode", category)
                .put("locationCode", "341302").put("personCount", 1).put("registeredAt", java.time.format.DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(at));
        registered.remove("accusedUnitCodes");
        registered.remove("repeatOf");
        registered.remove("receivedByLeader");
        registered.putArray("accusedUnitCodes");
        ObjectNode assigned = (ObjectNode) JSON.readTree(Contracts.example("case.assigned"));
        assigned.put("petitionId", id).put("assignmentId", UUID.randomUUID().toString()).put("sequence", 1)
                .put("trackingNumber", "XF20261126654321").put("level", "COUNTY").put("reason", "INITIAL")
                .put("categoryCode", category).put("locationCode", "341302")
                .put("registeredAt", java.time.format.DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(at)).put("assignedAt", java.time.format.DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(at));
        ((ObjectNode) assigned.get("unit")).put("code", UNIT).put("name", UNIT).put("divisionCode", "341302")
                .put("level", "COUNTY");
        assigned.remove("previousUnit");
        assigned.remove("note");
        Contracts.assertValid("petition.registered", JSON.writeValueAsString(registered));
        Contracts.assertValid("case.assigned", JSON.writeValueAsString(assigned));
        KafkaProbe.send("petition.registered", id, "gov.petition.petition.registered.v1", UUID.randomUUID(),
                JSON.writeValueAsString(registered));
        KafkaProbe.send("case.assigned", id, "gov.petition.case.assigned.v1", UUID.randomUUID(),
                JSON.writeValueAsString(assigned));
        // both events applied (they come on two topics): assigned, and the petition's channel and accusation known
        await().atMost(Duration.ofSeconds(30)).until(() -> !rows("select 1 from ledger_entry where petition_id = ? and "
                + "status = 'ASSIGNED' and channel is not null and accused_unit_codes is not null", UUID.fromString(id)).isEmpty());
        return id;
    }

    /** Accepted and answered in writing (REPLIED): closed once the review window is over. */
    private String repliedCase(String category) throws Exception {
        String id = openCase(category);
        as(TestTokens.handler(UNIT)).body(Map.of("accepted", true)).post("/cases/" + id + "/decision").then().statusCode(200);
        as(TestTokens.handler(UNIT)).body(Map.of("text", REPLY)).post("/cases/" + id + "/reply").then().statusCode(200)
                .body("status", equalTo("REPLIED"));
        return id;
    }

    // ------------------------------------------------------------------ the job through its REST API

    private static JsonPath startAndFinish(boolean dryRun) {
        String runId = as(admin()).body(Map.of("dryRun", dryRun)).post("/retention/runs").then().statusCode(202)
                .body("dryRun", equalTo(dryRun)).body("triggeredBy", equalTo("admin-retention"))
                .extract().path("id");
        return finished(runId);
    }

    private static JsonPath finished(String runId) {
        JsonPath[] last = new JsonPath[1];
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).until(() -> {
            last[0] = given().auth().oauth2(admin()).queryParam("size", 500).get("/retention/runs/" + runId).then()
                    .statusCode(200).extract().jsonPath();
            // done when nothing is pending any more, or (intake down) the run's pass ended with pending items
            return last[0].get("run.finishedAt") != null || runEnded(last[0]);
        });
        return last[0];
    }

    private static boolean runEnded(JsonPath progress) {
        // a real run whose items stay pending has worked them once: each has an attempt
        List<Map<String, Object>> items = progress.getList("items");
        return !items.isEmpty() && items.stream().allMatch(i -> !"PENDING".equals(i.get("state"))
                || ((Number) i.get("attempts")).intValue() > 0);
    }

    private static Map<String, Object> item(JsonPath progress, String id) {
        List<Map<String, Object>> items = progress.getList("items");
        return items.stream().filter(i -> id.equals(i.get("petitionId"))).findFirst().orElse(null);
    }

    // ------------------------------------------------------------------ the database as it is

    private List<Map<String, Object>> rows(String sql, Object... parameters) throws Exception {
        try (Connection db = dataSource.getConnection(); PreparedStatement s = db.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                s.setObject(i + 1, parameters[i]);
            }
            List<Map<String, Object>> out = new ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
                ResultSetMetaData meta = r.getMetaData();
                while (r.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int c = 1; c <= meta.getColumnCount(); c++) {
                        Object value = r.getObject(c);
                        row.put(meta.getColumnLabel(c), value == null ? null : value.toString());
                    }
                    out.add(row);
                }
            }
            return out;
        }
    }

    /** Everything supervision holds of a case, as text: what must not change, or must change only as archiving says. */
    private Map<String, Object> everything(String id) throws Exception {
        UUID petition = UUID.fromString(id);
        Map<String, Object> all = new LinkedHashMap<>();
        all.put("ledger", rows("select * from ledger_entry where petition_id = ?", petition));
        all.put("timeline", rows("select * from timeline_event where petition_id = ? order by position", petition));
        all.put("instructions", rows("select * from instruction where petition_id = ? order by id", petition));
        all.put("callBacks", rows("select * from call_back where petition_id = ? order by id", petition));
        all.put("archive", rows("select * from archive_record where petition_id = ?", petition));
        return all;
    }

    private List<Map<String, Object>> ledgerMonth() throws Exception {
        return rows("select * from ledger_month where category_code in (?, ?) order by month, location_code, channel, category_code",
                BRIEF, KEEP);
    }

    private static String statistics(String what) {
        return given().auth().oauth2(TestTokens.auditor()).queryParam("period", "year")
                .queryParam("date", String.valueOf(OffsetDateTime.now().getYear())).get("/statistics/" + what)
                .then().statusCode(200).extract().asString();
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private static Map<String, byte[]> unzip(byte[] zip) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                entries.put(e.getName(), in.readAllBytes());
            }
        }
        return entries;
    }

    // ------------------------------------------------------------------ tests

    @Test
    void aClosedCasePastRetentionIsArchivedVerifiableToldAndAnonymisedWithStatisticsUnchanged() throws Exception {
        String id = repliedCase(BRIEF);
        as(TestTokens.leader("3413")).body(Map.of("text", "请王小明所在街道妥善处理")).post("/cases/" + id + "/instructions")
                .then().statusCode(200);
        as(TestTokens.clerk("3413")).body(Map.of("reached", true, "satisfaction", "SATISFIED", "resolved", true,
                "comment", "王小明表示满意")).post("/cases/" + id + "/call-backs").then().statusCode(200)
                .body("status", equalTo("EVALUATED"));
        // a handler's evidence, stored as an upload found clean is (CaseDocumentsTest covers the upload itself)
        UUID documentId = UUID.randomUUID();
        byte[] evidence = ("%PDF-1.4 王小明的欠条 " + documentId).getBytes(StandardCharsets.UTF_8);
        try (Connection c = dataSource.getConnection(); PreparedStatement doc = c.prepareStatement(
                "insert into case_document (id, petition_id, kind, file_name, content_type, size_bytes, sha256, state, "
                        + "uploaded_by, uploaded_by_role, uploaded_by_unit, uploaded_at, scanned_at) values "
                        + "(?, ?, 'EVIDENCE', '王小明欠条.pdf', 'application/pdf', ?, ?, 'CLEAN', 'handler-1', 'handler', "
                        + "'341302-RSJ', now(), now())");
             PreparedStatement chunk = c.prepareStatement(
                     "insert into case_document_chunk (document_id, seq, data) values (?, 0, ?)")) {
            doc.setObject(1, documentId);
            doc.setObject(2, UUID.fromString(id));
            doc.setLong(3, evidence.length);
            doc.setString(4, sha256(evidence));
            doc.executeUpdate();
            chunk.setObject(1, documentId);
            chunk.setBytes(2, evidence);
            chunk.executeUpdate();
        }
        String open = openCase(BRIEF);
        String within = repliedCase(KEEP);
        Map<String, Object> openBefore = everything(open);
        Map<String, Object> withinBefore = everything(within);

        clock.advance(Duration.ofDays(3));
        // anchor the case's timeline in a daily digest, so that the archive carries an inclusion proof to check: the
        // digests of earlier runs may be of later days (moved clocks), so start from none, as TimelineProofTest does
        try (Connection c = dataSource.getConnection(); java.sql.Statement s = c.createStatement()) {
            s.execute("alter table timeline_anchor disable trigger user");
            s.execute("alter table timeline_digest disable trigger user");
            s.execute("delete from timeline_anchor");
            s.execute("delete from timeline_digest");
            s.execute("alter table timeline_anchor enable trigger user");
            s.execute("alter table timeline_digest enable trigger user");
        }
        anchoring.anchorYesterday().orElseThrow();
        assertEquals(1, rows("select 1 from timeline_anchor where petition_id = ?", UUID.fromString(id)).size());

        // the dry run's report lists the case with its class and dates, and changes nothing
        Map<String, Object> before = everything(id);
        JsonPath dry = startAndFinish(true);
        Map<String, Object> listed = item(dry, id);
        assertNotNull(listed, "the dry run lists the due case: " + dry.prettify());
        assertEquals("WOULD_ARCHIVE", listed.get("state"));
        assertEquals("brief", listed.get("retentionClass"));
        assertEquals("P2D", listed.get("retentionPeriod"));
        assertEquals("XF20261126654321", listed.get("trackingNumber"));
        assertTrue(listed.get("dueAt").toString().endsWith("+08:00"), "China's time: " + listed.get("dueAt"));
        assertEquals(null, item(dry, open), "an open case is never listed");
        assertEquals(null, item(dry, within), "a case within its retention is not listed");
        assertEquals(before, everything(id), "a dry run changes nothing");
        assertTrue(archived.settle(r -> id.equals(r.key()), Duration.ofSeconds(3)).isEmpty(), "a dry run tells nothing");

        List<Map<String, Object>> monthBefore = ledgerMonth();
        String volumeBefore = statistics("volume");
        String performanceBefore = statistics("performance");
        String callBacksBefore = statistics("call-backs");

        JsonPath run = startAndFinish(false);
        assertEquals("ARCHIVED", item(run, id).get("state"), run.prettify());
        assertEquals(null, item(run, open));
        assertEquals(null, item(run, within));
        assertNotNull(run.get("run.finishedAt"));
        assertTrue(IntakeStandIn.requests().contains("GET /intake/internal/petitions/" + id + "/archive"),
                "intake was asked, with supervision's service token: " + IntakeStandIn.requests());
        assertTrue(IntakeStandIn.requests().contains("GET /intake/petitions/" + id + "/materials/m1"));
        assertFalse(IntakeStandIn.requests().contains("GET /intake/petitions/" + id + "/materials/m2"),
                "an infected material is not fetched");

        // told on case.archived, as the contract says, with no personal data
        ConsumerRecord<String, String> record = archived.awaitKey(id, Duration.ofSeconds(20));
        JsonNode event = Contracts.assertValidRecord("case.archived", record);
        assertEquals("brief", event.get("retentionClass").asText());
        assertEquals("P2D", event.get("retentionPeriod").asText());
        assertFalse(record.value().contains(IntakeStandIn.PETITIONER_NAME));

        // the archive file: downloaded by the province's admin, on record
        Response download = given().auth().oauth2(admin()).get("/archives/" + id);
        download.then().statusCode(200).contentType("application/zip");
        byte[] zip = download.asByteArray();
        assertEquals(event.get("archiveSha256").asText(), sha256(zip));
        assertEquals(sha256(zip), download.header("X-Archive-SHA256"));
        Map<String, byte[]> entries = unzip(zip);
        String documentEntry = "documents/" + documentId + "-王小明欠条.pdf";
        assertEquals(Set.of("case.json", "timeline.json", "petition.json", "materials/m1-scan.pdf", documentEntry,
                "manifest.json"), entries.keySet());
        assertEquals(sha256(evidence), sha256(entries.get(documentEntry)), "the case's document, as stored");
        JsonNode manifest = JSON.readTree(entries.get("manifest.json"));
        assertEquals(id, manifest.get("petitionId").asText());
        assertEquals(event.get("archiveId").asText(), manifest.get("archiveId").asText());
        for (JsonNode e : manifest.get("entries")) {
            assertEquals(sha256(entries.get(e.get("name").asText())), e.get("sha256").asText(), e.toString());
        }
        assertEquals(5, manifest.get("entries").size());
        assertEquals(IntakeStandIn.sha256(IntakeStandIn.SCAN), sha256(entries.get("materials/m1-scan.pdf")));
        JsonNode caseJson = JSON.readTree(entries.get("case.json"));
        assertEquals(REPLY, caseJson.get("ledgerEntry").get("reply_text").asText(), "the archive keeps the case as it was");
        assertEquals("请王小明所在街道妥善处理", caseJson.get("instructions").get(0).get("text").asText());
        assertEquals("王小明表示满意", caseJson.get("callBacks").get(0).get("comment").asText());
        JsonNode timeline = JSON.readTree(entries.get("timeline.json"));
        assertEquals(manifest.get("timeline").get("head").asText(), timeline.get(timeline.size() - 1).get("hash").asText());
        assertEquals(timeline.size(), manifest.get("timeline").get("entries").asInt());
        assertTrue(new String(entries.get("petition.json"), StandardCharsets.UTF_8).contains(IntakeStandIn.PETITIONER_NAME));
        given().auth().oauth2(TestTokens.auditor()).get("/archives/" + id + "/manifest").then().statusCode(200)
                .body("petitionId", equalTo(id));
        assertEquals(List.of("ARCHIVE:admin-retention", "MANIFEST:auditor"), rows("select what || ':' || "
                + "case when role = 'auditor' then role else downloaded_by end as who from archive_download "
                + "where petition_id = ? order by id", UUID.fromString(id)).stream().map(r -> r.get("who")).toList());

        // the archive verifies on its own; one byte changed names the entry
        given().auth().oauth2(TestTokens.auditor()).contentType("application/zip").body(zip).post("/archives/verification")
                .then().statusCode(200).body("verified", equalTo(true)).body("sha256", equalTo(sha256(zip)))
                .body("entries.status", equalTo(List.of("OK", "OK", "OK", "OK", "OK")))
                .body("timeline.verified", equalTo(true)).body("anchors.status", equalTo(List.of("OK")));
        assertEquals(1, manifest.get("anchors").size());
        assertEquals(manifest.get("timeline").get("head").asText(), manifest.get("anchors").get(0).get("head").asText());
        byte[] tampered = zip.clone();
        tampered[dataOffset(zip, "case.json") + 3] ^= 0x01;
        JsonPath bad = given().auth().oauth2(TestTokens.auditor()).contentType("application/zip").body(tampered)
                .post("/archives/verification").then().statusCode(200).body("verified", equalTo(false))
                .extract().jsonPath();
        List<Map<String, Object>> results = bad.getList("entries");
        assertEquals(List.of("case.json"), results.stream().filter(r -> !"OK".equals(r.get("status")))
                .map(r -> r.get("name")).toList(), bad.prettify());

        // supervision's own rows: free texts and staff names gone, codes, dates, states and figures kept
        Map<String, Object> after = everything(id);
        @SuppressWarnings("unchecked")
        Map<String, Object> ledger = ((List<Map<String, Object>>) after.get("ledger")).get(0);
        @SuppressWarnings("unchecked")
        Map<String, Object> ledgerBefore = ((List<Map<String, Object>>) before.get("ledger")).get(0);
        assertEquals(CaseArchiver.REMOVED, ledger.get("reply_text"));
        // the document's bytes and name are in the archive only; its kind, size and digest stay
        assertEquals(List.of(), rows("select seq from case_document_chunk where document_id = ?", documentId));
        Map<String, Object> documentAfter = rows("select file_name, uploaded_by, size_bytes, sha256 from case_document "
                + "where id = ?", documentId).get(0);
        assertEquals(CaseArchiver.REMOVED, documentAfter.get("file_name"));
        assertEquals(CaseArchiver.REMOVED, documentAfter.get("uploaded_by"));
        assertEquals(sha256(evidence), documentAfter.get("sha256"));
        for (String kept : List.of("status", "tracking_number", "unit_code", "level", "category_code", "location_code",
                "registered_at", "accepted_at", "replied_at", "closed_at", "satisfied", "received_on", "person_count")) {
            assertEquals(ledgerBefore.get(kept), ledger.get(kept), kept);
        }
        String rowsAfter = JSON.writeValueAsString(after);
        assertFalse(rowsAfter.contains("王小明"), "no petitioner's name left: " + rowsAfter);
        assertFalse(rowsAfter.contains("13800138000"));
        assertFalse(rowsAfter.matches("(?s).*(handler|clerk|leader)-.*"), "no staff name left: " + rowsAfter);
        assertTrue(JSON.writeValueAsString(before).matches("(?s).*(handler|clerk|leader)-.*"), "there were some before");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> timelineAfter = (List<Map<String, Object>>) after.get("timeline");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> timelineBefore = (List<Map<String, Object>>) before.get("timeline");
        assertEquals(timelineBefore.size(), timelineAfter.size());
        for (int i = 0; i < timelineAfter.size(); i++) {
            for (String kept : List.of("position", "at", "from_status", "to_status", "actor_role", "unit_code", "hash", "prev_hash")) {
                assertEquals(timelineBefore.get(i).get(kept), timelineAfter.get(i).get(kept), kept);
            }
        }
        assertEquals(monthBefore, ledgerMonth(), "ledger_month unchanged");
        assertEquals(volumeBefore, statistics("volume"));
        assertEquals(performanceBefore, statistics("performance"));
        assertEquals(callBacksBefore, statistics("call-backs"));

        // the stored timeline: its texts are REDACTED (the archive proves them), its links still checked
        given().auth().oauth2(TestTokens.supervisor("3413")).get("/cases/" + id + "/timeline/verification").then()
                .statusCode(200).body("verified", equalTo(true)).body("redacted.status", equalTo("REDACTED"))
                .body("redacted.throughPosition", equalTo(timeline.size()))
                .body("redacted.archiveSha256", equalTo(sha256(zip)));

        // an archived case never changes again
        as(TestTokens.leader("3413")).body(Map.of("text", "再次批示")).post("/cases/" + id + "/instructions").then()
                .statusCode(409).contentType("application/problem+json").body("type", endsWith("/archived"));
        assertEquals(after, everything(id));

        // the open case and the case within retention: untouched
        assertEquals(openBefore, everything(open));
        assertEquals(withinBefore, everything(within));
        // a second run finds nothing more to do for the case
        assertEquals(null, item(startAndFinish(false), id));
    }

    /** Where an entry's compressed bytes start in the zip (its local header: 30 bytes, then name and extra field). */
    private static int dataOffset(byte[] zip, String name) {
        byte[] wanted = name.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i + 30 < zip.length; i++) {
            if (zip[i] == 0x50 && zip[i + 1] == 0x4b && zip[i + 2] == 0x03 && zip[i + 3] == 0x04) {
                int nameLength = (zip[i + 26] & 0xff) | (zip[i + 27] & 0xff) << 8;
                int extraLength = (zip[i + 28] & 0xff) | (zip[i + 29] & 0xff) << 8;
                if (nameLength == wanted.length && java.util.Arrays.equals(zip, i + 30, i + 30 + nameLength, wanted, 0, wanted.length)) {
                    return i + 30 + nameLength + extraLength;
                }
            }
        }
        throw new AssertionError("no entry " + name);
    }

    @Test
    void aCaseReopenedBetweenSelectionAndArchivingIsUntouched() throws Exception {
        String id = repliedCase(BRIEF);
        clock.advance(Duration.ofDays(3));
        RetentionJob.Run run = job.start(false, "retention-test", "admin");
        job.select(run.id(), false);
        assertEquals("PENDING", item(progress(run.id()), id).get("state"));

        // a call-back finds the petitioner not satisfied: the case is worked again (ACCEPTED)
        as(TestTokens.clerk("3413")).body(Map.of("reached", true, "satisfaction", "NOT_SATISFIED", "resolved", false,
                "comment", "仍未解决")).post("/cases/" + id + "/call-backs").then().statusCode(200)
                .body("status", equalTo("ACCEPTED"));
        Map<String, Object> before = everything(id);

        job.resume();
        Map<String, Object> skipped = item(progress(run.id()), id);
        assertEquals("SKIPPED", skipped.get("state"));
        assertTrue(skipped.get("reason").toString().contains("not closed"), skipped.toString());
        assertEquals(before, everything(id), "a reopened case is never archived");
        assertTrue(archived.settle(r -> id.equals(r.key()), Duration.ofSeconds(3)).isEmpty());
    }

    private static JsonPath progress(UUID runId) {
        return given().auth().oauth2(TestTokens.auditor()).queryParam("size", 500).get("/retention/runs/" + runId)
                .then().statusCode(200).extract().jsonPath();
    }

    @Test
    void intakeDownLeavesTheCasePendingAndTheNextRunArchivesItAsItDoesARunThatDied() throws Exception {
        String died = repliedCase(BRIEF);
        clock.advance(Duration.ofDays(3));

        // a run that died after selecting: its items stay pending
        RetentionJob.Run dead = job.start(false, "retention-test", "admin");
        job.select(dead.id(), false);
        assertEquals("PENDING", item(progress(dead.id()), died).get("state"));

        // another case, due three days later
        String id = repliedCase(BRIEF);
        clock.advance(Duration.ofDays(3));

        IntakeStandIn.down(true);
        JsonPath first = startAndFinish(false);
        Map<String, Object> pending = item(first, id);
        assertEquals("PENDING", pending.get("state"), first.prettify());
        assertTrue(pending.get("reason").toString().contains("intake unavailable"), pending.toString());
        assertEquals(null, (Object) first.get("run.finishedAt"), "a run with pending items is not finished");
        assertTrue(rows("select 1 from archive_record where petition_id = ?", UUID.fromString(id)).isEmpty());
        try (Stream<Path> files = Files.walk(Path.of("target/archive"))) {
            assertTrue(files.noneMatch(f -> f.getFileName().toString().startsWith(".tmp-")), "no half-written file");
        }
        assertEquals("PENDING", item(progress(dead.id()), died).get("state"), "intake down: still pending");

        // a half-written file of a process that died while writing: the next real run deletes it
        Path leftOver = Path.of("target/archive/.tmp-" + UUID.randomUUID() + ".zip");
        Files.write(leftOver, new byte[] {0x50, 0x4b});

        IntakeStandIn.down(false);
        String firstRun = first.getString("run.id");
        // the next runs finish what the earlier ones left (the circuit breaker may hold calls back for a few seconds)
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            startAndFinish(false);
            return "ARCHIVED".equals(item(progress(UUID.fromString(firstRun)), id).get("state"));
        });
        assertEquals("ARCHIVED", item(progress(dead.id()), died).get("state"), "the run that died is resumed");
        assertNotNull(progress(UUID.fromString(firstRun)).get("run.finishedAt"));
        assertNotNull(progress(dead.id()).get("run.finishedAt"));
        Contracts.assertValidRecord("case.archived", archived.awaitKey(id, Duration.ofSeconds(20)));
        Contracts.assertValidRecord("case.archived", archived.awaitKey(died, Duration.ofSeconds(20)));
        assertEquals(1, rows("select 1 from archive_record where petition_id = ?", UUID.fromString(id)).size());
        assertFalse(Files.exists(leftOver), "the left-over temporary file is swept");
    }

    @Test
    void onlyTheProvincesAdminStartsRunsAndBadInputIsAProblem() {
        as(TestTokens.supervisor("34")).body(Map.of("dryRun", true)).post("/retention/runs").then().statusCode(403);
        as(TestTokens.auditor()).body(Map.of("dryRun", true)).post("/retention/runs").then().statusCode(403);
        as(TestTokens.token("admin-city", Set.of("admin"), null, "3413")).body(Map.of("dryRun", true))
                .post("/retention/runs").then().statusCode(403).contentType("application/problem+json")
                .body("type", endsWith("/province-admin-only"));
        given().auth().oauth2(TestTokens.supervisor("34")).get("/archives/" + UUID.randomUUID()).then().statusCode(403);

        given().auth().oauth2(admin()).contentType(ContentType.JSON).body("{not json").post("/retention/runs").then()
                .statusCode(400).contentType("application/problem+json");
        as(admin()).body(Map.of()).post("/retention/runs").then().statusCode(400).contentType("application/problem+json");
        Map<String, Object> wrong = new HashMap<>();
        wrong.put("dryRun", "perhaps");
        as(admin()).body(wrong).post("/retention/runs").then().statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(admin()).get("/retention/runs/" + UUID.randomUUID()).then().statusCode(404)
                .contentType("application/problem+json");
        given().auth().oauth2(admin()).get("/retention/runs/not-a-uuid").then().statusCode(404);
        given().auth().oauth2(admin()).get("/archives/" + UUID.randomUUID()).then().statusCode(404)
                .contentType("application/problem+json");
        given().auth().oauth2(admin()).contentType("application/zip").body("this is not a zip".getBytes(StandardCharsets.UTF_8))
                .post("/archives/verification").then().statusCode(400).contentType("application/problem+json")
                .body("type", endsWith("/not-an-archive"));
        given().auth().oauth2(admin()).contentType(ContentType.JSON).body("{}").post("/archives/verification").then()
                .statusCode(415).contentType("application/problem+json");
        given().auth().oauth2(admin()).get("/retention/runs").then().statusCode(200);
        given().auth().oauth2(TestTokens.auditor()).get("/retention/runs").then().statusCode(200);
    }

    @Test
    void anEditOfANonArchivedTimelineIsStillTampered() throws Exception {
        String id = repliedCase(KEEP);
        try (Connection db = dataSource.getConnection();
             PreparedStatement s = db.prepareStatement("update timeline_event set reason = 'edited' where petition_id = ? and position = 2")) {
            s.setObject(1, UUID.fromString(id));
            assertEquals(1, s.executeUpdate());
        }
        given().auth().oauth2(TestTokens.supervisor("3413")).get("/cases/" + id + "/timeline/verification").then()
                .statusCode(200).body("verified", equalTo(false)).body("brokenAt.reason", equalTo("hash mismatch"))
                .body("redacted", org.hamcrest.Matchers.nullValue());
        assertNotEquals(0, rows("select 1 from ledger_entry where petition_id = ?", UUID.fromString(id)).size());
    }
}

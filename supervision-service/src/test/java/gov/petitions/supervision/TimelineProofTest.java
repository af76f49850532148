package gov.petitions.supervision;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import gov.petitions.supervision.service.TimelineAnchoring;
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
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 22's tamper-evident timeline, through the real service and PostgreSQL: the chain verifies, an entry edited or
 * deleted directly in the database is named, the scope is the timeline's, and the daily digest is published on the
 * real broker once per day with a root that the proof of a case recomputes — here with this test's own SHA-256,
 * RFC 8785 and RFC 9162 code, not the service's.
 */
@QuarkusTest
@QuarkusTestResource(TestSecrets.class)
class TimelineProofTest {

    private static final String UNIT = "341302-RSJ";
    private static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");
    private static final HexFormat HEX = HexFormat.of();
    private static final ObjectMapper SORTED = new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    @Inject
    DataSource db;

    @Inject
    MovableClock clock;

    @Inject
    TimelineAnchoring anchoring;

    @AfterEach
    void realTime() {
        clock.reset();
    }

    /**
     * Registered (when the registration arrives before the assignment), assigned, accepted, urged, extended: four or
     * five entries, the extension last.
     */
    private static String caseWithEntries() throws Exception {
        String id = CaseLifecycleTest.assignedCase();
        CaseLifecycleTest.handler(UNIT).body(Map.of("accepted", true)).post("/cases/" + id + "/decision").then().statusCode(200);
        given().auth().oauth2(TestTokens.supervisor("3413")).contentType(ContentType.JSON).body(Map.of("reason", "请按期办结"))
                .post("/cases/" + id + "/urge").then().statusCode(200);
        CaseLifecycleTest.handler(UNIT).body(Map.of("days", 10, "reason", "需要现场核查"))
                .post("/cases/" + id + "/extension").then().statusCode(200);
        return id;
    }

    private static int length(String id) {
        return given().auth().oauth2(TestTokens.auditor()).get("/ledger/" + id).then().statusCode(200)
                .extract().jsonPath().getList("timeline").size();
    }

    private static Response verification(String token, String id) {
        return given().auth().oauth2(token).get("/cases/" + id + "/timeline/verification");
    }

    private long entryId(String id, int position) throws Exception {
        try (Connection c = db.getConnection();
             PreparedStatement s = c.prepareStatement("select id from timeline_event where petition_id = ? and position = ?")) {
            s.setObject(1, UUID.fromString(id));
            s.setInt(2, position);
            try (ResultSet r = s.executeQuery()) {
                assertTrue(r.next());
                return r.getLong(1);
            }
        }
    }

    private int sql(String statement, String id, int position) throws Exception {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(statement)) {
            s.setObject(1, UUID.fromString(id));
            s.setInt(2, position);
            return s.executeUpdate();
        }
    }

    @Test
    void aRowEditedInPostgresqlIsNamedByTheVerification() throws Exception {
        String id = caseWithEntries();
        JsonPath ok = verification(TestTokens.supervisor("3413"), id).then().statusCode(200)
                .body("verified", equalTo(true)).body("entries", equalTo(length(id))).extract().jsonPath();
        // the head is the last entry's hash, recomputed here from the proof's canonical forms
        JsonPath proof = given().auth().oauth2(TestTokens.auditor()).get("/cases/" + id + "/timeline/proof").then()
                .statusCode(200).extract().jsonPath();
        assertEquals(recomputeChain(proof.getList("entries.canonical")), ok.getString("head"));

        // someone with database access softens what the supervisor wrote when urging (督办), the entry before the last
        int urged = length(id) - 1;
        assertEquals(1, sql("update timeline_event set reason = 'urged (督办): 可适当延后' where petition_id = ? and position = ?", id, urged));
        verification(TestTokens.handler(UNIT), id).then().statusCode(200)
                .body("verified", equalTo(false))
                .body("brokenAt.entryId", equalTo((int) entryId(id, urged)))
                .body("brokenAt.position", equalTo(urged))
                .body("brokenAt.reason", equalTo("hash mismatch"));
    }

    @Test
    void concurrentEntriesOfOneCaseNeverForkTheChain() throws Exception {
        String id = CaseLifecycleTest.assignedCase();
        int before = length(id);
        // instructions leave the ledger row as it is, so nothing but the chain's lock orders them
        String leader = TestTokens.leader("3413");
        List<java.util.concurrent.CompletableFuture<Integer>> calls = new ArrayList<>();
        var pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            for (int i = 0; i < 16; i++) {
                String text = "批示 " + i;
                calls.add(java.util.concurrent.CompletableFuture.supplyAsync(() -> given().auth().oauth2(leader)
                        .contentType(ContentType.JSON).body(Map.of("text", text)).post("/cases/" + id + "/instructions")
                        .statusCode(), pool));
            }
            for (var call : calls) {
                assertEquals(200, call.get());
            }
        } finally {
            pool.shutdown();
        }
        assertEquals(before + 16, length(id));
        verification(TestTokens.auditor(), id).then().statusCode(200)
                .body("verified", equalTo(true)).body("entries", equalTo(before + 16));
    }

    @Test
    void aDeletedMiddleRowIsDetected() throws Exception {
        String id = caseWithEntries();
        assertEquals(1, sql("delete from timeline_event where petition_id = ? and position = ?", id, 2));
        verification(TestTokens.auditor(), id).then().statusCode(200)
                .body("verified", equalTo(false))
                .body("brokenAt.entryId", equalTo((int) entryId(id, 3)))
                .body("brokenAt.position", equalTo(3))
                .body("brokenAt.reason", equalTo("link mismatch"));
    }

    @Test
    void theVerificationHasTheTimelinesScope() throws Exception {
        String id = CaseLifecycleTest.assignedCase();
        // whoever reads the timeline may verify it; whoever gets 404 for the timeline gets 404 here too
        for (String token : List.of(TestTokens.supervisor("3401"), TestTokens.handler("340102-RSJ"), TestTokens.clerk("3415"))) {
            given().auth().oauth2(token).get("/ledger/" + id).then().statusCode(404);
            verification(token, id).then().statusCode(404).contentType("application/problem+json");
        }
        given().auth().oauth2(TestTokens.supervisor("3401")).get("/cases/" + id + "/timeline/proof").then().statusCode(404);
        // a role that does not read timelines at all
        verification(TestTokens.token("admin-x", java.util.Set.of("admin"), null, "34"), id).then().statusCode(403);
        verification(TestTokens.clerk("3413"), id).then().statusCode(200).body("verified", equalTo(true));
        given().auth().oauth2(TestTokens.handler(UNIT)).get("/cases/" + id + "/timeline/proof").then().statusCode(403);
        given().auth().oauth2(TestTokens.auditor()).get("/cases/" + UUID.randomUUID() + "/timeline/verification")
                .then().statusCode(404);
        given().auth().oauth2(TestTokens.auditor()).get("/timeline/digests/2026-02-30").then().statusCode(400)
                .contentType("application/problem+json");
        given().auth().oauth2(TestTokens.auditor()).get("/timeline/digests/yesterday").then().statusCode(400)
                .contentType("application/problem+json");
        given().auth().oauth2(TestTokens.auditor()).queryParam("size", 100000).get("/timeline/digests").then().statusCode(400);
    }

    @Test
    void theDailyDigestIsPublishedOnceAndTheProofRecomputesToIt() throws Exception {
        // the digests of earlier runs would come before this test's days: start from none (past the append-only guard)
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            s.execute("alter table timeline_anchor disable trigger user");
            s.execute("alter table timeline_digest disable trigger user");
            s.execute("delete from timeline_anchor");
            s.execute("delete from timeline_digest");
            s.execute("alter table timeline_anchor enable trigger user");
            s.execute("alter table timeline_digest enable trigger user");
        }
        LocalDate day = LocalDate.now(CHINA).plusDays(2);
        try (KafkaProbe digests = KafkaProbe.open("timeline.digest-published")) {
            clock.moveTo(day.atTime(10, 0).atZone(CHINA).toInstant());
            String id = caseWithEntries();
            int n = length(id);
            String head = verification(TestTokens.auditor(), id).then().statusCode(200).extract().path("head");

            clock.moveTo(day.plusDays(1).atTime(0, 20).atZone(CHINA).toInstant());
            TimelineAnchoring.Digest made = anchoring.anchorYesterday().orElseThrow();
            assertEquals(day, made.day());
            // the topic keeps earlier runs' digests of the same day: this run's is the one with this digest
            JsonNode event = Contracts.assertValidRecord("timeline.digest-published", digests.await(
                    r -> r.key().equals(day.toString()) && r.value().contains(made.digest()), 1, Duration.ofSeconds(20)).get(0));
            assertEquals(day.toString(), event.get("day").asText());
            assertEquals("supervision-service", event.get("service").asText());
            assertEquals(made.root(), event.get("root").asText());
            // chained to the digest before it (none but one the scheduler may have made since the reset)
            List<String> before = given().auth().oauth2(TestTokens.auditor()).get("/timeline/digests").then().statusCode(200)
                    .extract().jsonPath().getList("items.digest");
            assertEquals(before.size() > 1 ? before.get(1) : "0".repeat(64), event.get("previousDigest").asText());
            assertEquals(sha256(HEX.parseHex(event.get("previousDigest").asText()),
                    canonicalDigest(day, event.get("leaves").asInt(), made.root())), event.get("digest").asText());

            // the file an inspector downloads recomputes to the published root, and holds this case's head
            String file = given().auth().oauth2(TestTokens.supervisor("3413")).accept("text/plain")
                    .get("/timeline/digests/" + day).then().statusCode(200)
                    .header("Content-Disposition", containsString("timeline-digest-" + day + ".txt"))
                    .extract().asString();
            List<byte[]> leaves = new ArrayList<>();
            for (String line : file.split("\n")) {
                if (line.matches("^[0-9a-f]{64}$")) {
                    leaves.add(HEX.parseHex(line));
                }
            }
            assertTrue(file.contains("root: " + made.root()), file);
            assertEquals(event.get("leaves").asInt(), leaves.size());
            assertEquals(made.root(), HEX.formatHex(treeHash(leaves)));
            byte[] ours = leafHash(id + ":" + n + ":" + head);
            assertTrue(leaves.stream().anyMatch(l -> MessageDigest.isEqual(l, ours)), "this case's head is a leaf");

            // a second run the same day changes nothing and publishes nothing
            clock.advance(Duration.ofHours(3));
            assertEquals(made, anchoring.anchorYesterday().orElseThrow());
            List<ConsumerRecord<String, String>> all = digests.settle(r -> r.value().contains(made.digest()), Duration.ofSeconds(3));
            assertEquals(1, all.size(), "one digest per day: " + all);

            // the proof: the entries' hashes, the leaf and its audit path recompute to the published root
            JsonPath proof = given().auth().oauth2(TestTokens.auditor()).get("/cases/" + id + "/timeline/proof").then()
                    .statusCode(200).body("verification.verified", equalTo(true)).extract().jsonPath();
            List<String> canonical = proof.getList("entries.canonical");
            assertEquals(head, recomputeChain(canonical));
            JsonPath ledger = given().auth().oauth2(TestTokens.auditor()).get("/ledger/" + id).then().extract().jsonPath();
            for (int i = 0; i < canonical.size(); i++) {
                // what the canonical form hashes is what the timeline shows
                JsonNode entry = SORTED.readTree(canonical.get(i));
                assertEquals(ledger.getString("timeline[" + i + "].reason"), entry.get("reason").asText());
                assertEquals(ledger.getString("timeline[" + i + "].toStatus"), entry.get("toStatus").asText());
                assertEquals(OffsetDateTime.parse(ledger.getString("timeline[" + i + "].at")).toInstant(),
                        Instant.parse(entry.get("at").asText()));
                assertEquals(i + 1, entry.get("position").asInt());
            }
            assertEquals(1, proof.getList("anchors").size());
            assertEquals(day.toString(), proof.getString("anchors[0].day"));
            String leaf = proof.getString("anchors[0].leaf");
            assertEquals(id + ":" + n + ":" + head, leaf);
            byte[] root = fold(leafHash(leaf), proof.getInt("anchors[0].leafIndex"), proof.getInt("anchors[0].treeSize"),
                    proof.getList("anchors[0].auditPath"));
            assertEquals(event.get("root").asText(), HEX.formatHex(root));
            assertEquals(event.get("digest").asText(), proof.getString("anchors[0].digest"));

            // the next day's digest chains to this one; a case that did not change is not anchored again
            CaseLifecycleTest.handler(UNIT).body(Map.of("text", "已依法答复")).post("/cases/" + id + "/reply").then().statusCode(200);
            clock.moveTo(day.plusDays(2).atTime(0, 20).atZone(CHINA).toInstant());
            TimelineAnchoring.Digest next = anchoring.anchorYesterday().orElseThrow();
            JsonNode second = Contracts.assertValidRecord("timeline.digest-published", digests.await(
                    r -> r.value().contains(next.digest()), 1, Duration.ofSeconds(20)).get(0));
            assertEquals(made.digest(), second.get("previousDigest").asText());
            assertEquals(sha256(HEX.parseHex(made.digest()), canonicalDigest(day.plusDays(1), next.leaves(), next.root())),
                    second.get("digest").asText());
            given().auth().oauth2(TestTokens.auditor()).get("/cases/" + id + "/timeline/proof").then().statusCode(200)
                    .body("anchors.position", equalTo(List.of(n, n + 1)));
            given().auth().oauth2(TestTokens.token("admin-x", java.util.Set.of("admin"), null, "34"))
                    .get("/timeline/digests").then().statusCode(200)
                    .body("items.day[0]", equalTo(day.plusDays(1).toString())).body("items.day[1]", equalTo(day.toString()));

            // rewriting the tail with every hash recomputed passes the chain, but not the published heads
            List<String> six = given().auth().oauth2(TestTokens.auditor()).get("/cases/" + id + "/timeline/proof").then()
                    .extract().jsonPath().getList("entries.canonical");
            String fifth = sha256(HEX.parseHex(proof.getString("entries[" + (n - 2) + "].hash")),
                    six.get(n - 1).replace("需要现场核查", "无需核查"));
            String sixth = sha256(HEX.parseHex(fifth), six.get(n));
            try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
                s.executeUpdate("update timeline_event set reason = replace(reason, '需要现场核查', '无需核查'), hash = '" + fifth
                        + "' where petition_id = '" + id + "' and position = " + n);
                s.executeUpdate("update timeline_event set prev_hash = '" + fifth + "', hash = '" + sixth
                        + "' where petition_id = '" + id + "' and position = " + (n + 1));
            }
            verification(TestTokens.auditor(), id).then().statusCode(200).body("verified", equalTo(false))
                    .body("brokenAt.position", equalTo(n)).body("brokenAt.reason", equalTo("anchor mismatch"));
        }
    }

    // ---------------------------------------------------------------- the inspector's own arithmetic

    /** Each canonical form chained from 32 zero bytes; the last hash. */
    private static String recomputeChain(List<String> canonical) throws Exception {
        byte[] previous = new byte[32];
        for (String c : canonical) {
            // the canonical form is the entry's fields as sorted JSON: re-serialising it changes nothing
            assertEquals(SORTED.writeValueAsString(SORTED.readValue(c, TreeMap.class)), c);
            previous = HEX.parseHex(sha256(previous, c));
        }
        return HEX.formatHex(previous);
    }

    private static String canonicalDigest(LocalDate day, int leaves, String root) throws Exception {
        Map<String, Object> fields = new TreeMap<>(Map.of("day", day.format(DateTimeFormatter.ISO_LOCAL_DATE), "leaves", leaves, "root", root));
        return SORTED.writeValueAsString(fields);
    }

    private static String sha256(byte[] previous, String text) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        sha.update(previous);
        sha.update(text.getBytes(StandardCharsets.UTF_8));
        return HEX.formatHex(sha.digest());
    }

    private static byte[] leafHash(String leaf) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        sha.update((byte) 0);
        sha.update(leaf.getBytes(StandardCharsets.UTF_8));
        return sha.digest();
    }

    private static byte[] node(byte[] left, byte[] right) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        sha.update((byte) 1);
        sha.update(left);
        sha.update(right);
        return sha.digest();
    }

    /** RFC 9162 2.1.1: the Merkle tree hash of the leaf hashes. */
    private static byte[] treeHash(List<byte[]> leaves) throws Exception {
        if (leaves.isEmpty()) {
            return MessageDigest.getInstance("SHA-256").digest();
        }
        if (leaves.size() == 1) {
            return leaves.get(0);
        }
        int k = 1;
        while (k * 2 < leaves.size()) {
            k *= 2;
        }
        return node(treeHash(leaves.subList(0, k)), treeHash(leaves.subList(k, leaves.size())));
    }

    /** RFC 9162 2.1.3.2: verifying an inclusion proof. */
    private static byte[] fold(byte[] leaf, long index, long size, List<String> path) throws Exception {
        long fn = index;
        long sn = size - 1;
        byte[] r = leaf;
        for (String p : path) {
            assertTrue(sn > 0, "audit path too long");
            if ((fn & 1) == 1 || fn == sn) {
                r = node(HEX.parseHex(p), r);
                while ((fn & 1) == 0 && fn != 0) {
                    fn >>= 1;
                    sn >>= 1;
                }
            } else {
                r = node(r, HEX.parseHex(p));
            }
            fn >>= 1;
            sn >>= 1;
        }
        assertEquals(0, sn, "audit path too short");
        return r;
    }
}

package gov.petitions.intake;

import gov.petitions.intake.service.PetitionArchiving;
import gov.petitions.testing.Contracts;
import gov.petitions.testing.KafkaProbe;
import gov.petitions.testing.TestSecrets;
import gov.petitions.testing.TestTokens;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue #22, archived petitions (信访档案): supervision reads what intake holds for the archive file
 * (GET /internal/petitions/{id}/archive), then publishes case.archived, on which intake removes the petition's personal
 * data and keeps its codes — on the real broker and PostgreSQL, events built to the contract.
 */
@QuarkusTest
@QuarkusTestResource(TestSecrets.class)
@QuarkusTestResource(CaseTopics.class)
class PetitionArchivingTest {

    private static final String TOPIC = "case.archived";
    private static final String TYPE = "gov.petition.case.archived.v1";
    private static final Duration APPLIED = Duration.ofSeconds(60);
    private static final String LOCATION = "341302";

    static final byte[] PDF = ("%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
            + "2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")
            .getBytes(StandardCharsets.US_ASCII);

    @Inject
    EntityManager entityManager;

    private record Registered(String id, String trackingNumber, String queryCode, String petitionerRef) {
    }

    private static Registered register(String name, String phone, String idNumber, String summary, String content,
                                       boolean accusing) {
        Map<String, Object> person = Bodies.person(name, phone, idNumber);
        person.put("address", "宿州市埇桥区某路" + ThreadLocalRandom.current().nextInt(1, 999) + "号");
        Map<String, Object> body = Bodies.petition("WALK_IN", "labour-wages", LOCATION, summary, person);
        body.put("content", content);
        if (accusing) {
            body.put("accused", List.of(Map.of("name", "欧阳建华", "kind", "PERSON"),
                    Map.of("name", "埇桥区某局", "kind", "UNIT", "unitCode", "341302-RSJ")));
        }
        JsonPath receipt = given().auth().oauth2(TestTokens.clerk()).contentType(ContentType.JSON).body(body)
                .post("/petitions").then().statusCode(201).extract().jsonPath();
        String id = receipt.getString("petitionId");
        String ref = given().auth().oauth2(TestTokens.clerk()).get("/petitions/" + id).then().statusCode(200)
                .extract().path("petitionerRef");
        return new Registered(id, receipt.getString("trackingNumber"), receipt.getString("queryCode"), ref);
    }

    private static String upload(String petitionId) {
        return given().auth().oauth2(TestTokens.clerk()).contentType("application/octet-stream")
                .header("X-File-Name", java.net.URLEncoder.encode("王某身份证复印件.pdf", StandardCharsets.UTF_8))
                .body(PDF).post("/petitions/" + petitionId + "/materials").then().statusCode(201)
                .extract().path("materialId");
    }

    private static void changeContact(Registered p, String newName) {
        Map<String, Object> change = new HashMap<>();
        change.put("petitionId", p.id());
        change.put("name", newName);
        change.put("phone", Bodies.mobile());
        change.put("personPresent", true);
        given().auth().oauth2(TestTokens.clerk()).contentType(ContentType.JSON).body(change)
                .put("/petitioners/" + p.petitionerRef() + "/contact").then().statusCode(200);
    }

    private static String sha256() {
        byte[] bytes = new byte[32];
        ThreadLocalRandom.current().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /** A case.archived as supervision publishes it, checked against the contract before it is sent. */
    private static String archived(String petitionId, String trackingNumber, String archiveSha256) {
        String json = """
                {"petitionId":"%s","trackingNumber":"%s","closedAt":"2016-11-30T16:20:00+08:00",
                 "retentionClass":"short","retentionPeriod":"P10Y","archiveId":"%s","archiveSha256":"%s",
                 "archivedAt":"2026-12-06T09:30:00+08:00"}"""
                .formatted(petitionId, trackingNumber, UUID.randomUUID(), archiveSha256);
        Contracts.assertValid(TOPIC, json);
        return json;
    }

    private static void send(String key, UUID eventId, String json) {
        KafkaProbe.send(TOPIC, key, TYPE, eventId, json);
    }

    private Object[] row(String sql, String petitionId) {
        return QuarkusTransaction.requiringNew().call(() -> {
            List<?> rows = entityManager.createNativeQuery(sql).setParameter("id", UUID.fromString(petitionId))
                    .getResultList();
            if (rows.isEmpty()) {
                return null;
            }
            return rows.get(0) instanceof Object[] r ? r : new Object[]{rows.get(0)};
        });
    }

    private long count(String sql, String id) {
        return ((Number) row(sql, id)[0]).longValue();
    }

    private boolean petitionerExists(String ref) {
        return count("select count(*) from petitioner where id = :id", ref) == 1;
    }

    private void awaitArchived(String petitionId) {
        Instant deadline = Instant.now().plus(APPLIED);
        while (row("select archived_at from petition where id = :id", petitionId)[0] == null) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("petition " + petitionId + " not archived within " + APPLIED);
            }
            sleep(100);
        }
    }

    /** What the archiving leaves of a petition, to compare before and after a redelivery. */
    private String state(String petitionId) {
        Object[] p = row("select summary, content, petitioner_id, archived_at, archive_sha256, archive_id, "
                + "instruction_text, accused::text from petition where id = :id", petitionId);
        return java.util.Arrays.toString(p)
                + " contact=" + count("select count(*) from petition_contact where petition_id = :id", petitionId)
                + " chunks=" + count("select count(*) from petition_material_chunk c join petition_material m "
                + "on m.id = c.material_id where m.petition_id = :id", petitionId)
                + " materials=" + count("select count(*) from petition_material where petition_id = :id", petitionId)
                + " accusedPersons=" + count("select count(*) from accused_person where petition_id = :id", petitionId);
    }

    @Test
    void theArchiveGivesAServiceEverythingInClearAuditedAndNoOneElse() {
        String idNumber = Bodies.idNumber();
        String phone = Bodies.mobile();
        Registered p = register("司马光明", phone, idNumber, "拖欠工资三个月", "某公司拖欠工资，多次讨要未果。", true);
        String materialId = upload(p.id());
        changeContact(p, "司马光亮");

        JsonPath archive = given().auth().oauth2(TestTokens.service()).get("/internal/petitions/" + p.id() + "/archive")
                .then().statusCode(200).contentType(ContentType.JSON).extract().jsonPath();
        assertEquals(p.id(), archive.getString("petition.petitionId"));
        assertEquals(p.trackingNumber(), archive.getString("petition.trackingNumber"));
        // the contact given with the petition was changed at the desk for this petition: the new one, in clear
        assertEquals("司马光亮", archive.getString("petition.petitioner.name"));
        assertEquals(idNumber, archive.getString("petition.petitioner.idNumber"));
        // the change gave no address: the one given at registration is the change's previous value
        assertNull(archive.getString("petition.petitioner.address"));
        assertTrue(archive.getString("contactChanges[0].previous.address").startsWith("宿州市埇桥区某路"));
        assertEquals("某公司拖欠工资，多次讨要未果。", archive.getString("petition.content"));
        assertEquals("拖欠工资三个月", archive.getString("petition.summary"));
        assertEquals("labour-wages", archive.getString("petition.categoryCode"));
        assertEquals(LOCATION, archive.getString("petition.locationCode"));
        assertEquals("WALK_IN", archive.getString("petition.channel"));
        assertTrue(archive.getString("petition.registeredAt").endsWith("+08:00"));
        assertEquals("欧阳建华", archive.getString("petition.accused[0].name"));
        assertEquals("341302-RSJ", archive.getString("petition.accused[1].unitCode"));
        assertEquals(List.of(materialId), archive.getList("materials.id"));
        assertEquals("王某身份证复印件.pdf", archive.getString("materials[0].fileName"));
        assertTrue(archive.getString("materials[0].sha256").matches("[0-9a-f]{64}"));
        assertEquals(PDF.length, archive.getLong("materials[0].sizeBytes"));
        assertEquals(1, archive.getList("contactChanges").size());
        assertEquals("司马光明", archive.getString("contactChanges[0].previous.name"));
        assertEquals(phone, archive.getString("contactChanges[0].previous.phone"));
        assertEquals("司马光亮", archive.getString("contactChanges[0].changedTo.name"));
        // audited like every read in clear: who, which petition, why
        assertEquals(1L, count("select count(*) from pii_access_log where petition_id = :id and purpose = 'ARCHIVE' "
                + "and accessed_by = 'svc-test' and petitioner_id = cast(petitioner_ref as uuid)"
                .replace("petitioner_ref", "'" + p.petitionerRef() + "'"), p.id()));

        for (String person : List.of(TestTokens.clerk(), TestTokens.supervisor(LOCATION), TestTokens.auditor())) {
            given().auth().oauth2(person).get("/internal/petitions/" + p.id() + "/archive").then().statusCode(403);
        }
        given().get("/internal/petitions/" + p.id() + "/archive").then().statusCode(401);
        given().auth().oauth2(TestTokens.service()).get("/internal/petitions/" + UUID.randomUUID() + "/archive")
                .then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void caseArchivedRemovesThePersonalDataKeepsTheCodesAndIsIdempotent() throws Exception {
        String idNumber = Bodies.idNumber();
        String phone = Bodies.mobile();
        Registered a = register("诸葛文静", phone, idNumber, "拖欠工资", "工地拖欠工资两万元，诸葛文静联系电话" + phone, true);
        String materialId = upload(a.id());
        changeContact(a, "诸葛文静");
        // the same person again (same ID number): a repeat petition, still open when the first is archived
        Registered b = register("诸葛文静", Bodies.mobile(), idNumber, "拖欠工资又一次", "仍未支付", false);
        assertEquals(a.petitionerRef(), b.petitionerRef(), "one petitioner for both petitions");
        Object[] before = row("select tracking_number, channel, category_code, location_code, registered_at, "
                + "person_count, accused_unit_codes::text from petition where id = :id", a.id());
        assertEquals(1L, count("select count(*) from petition_material_chunk c join petition_material m "
                + "on m.id = c.material_id where m.petition_id = :id", a.id()));

        String sha = sha256();
        UUID eventId = UUID.randomUUID();
        String event = archived(a.id(), a.trackingNumber(), sha);
        send(a.id(), eventId, event);
        awaitArchived(a.id());

        Object[] p = row("select summary, content, archive_sha256, petitioner_id, accused::text from petition "
                + "where id = :id", a.id());
        assertEquals(PetitionArchiving.MARKER, p[0]);
        assertEquals(PetitionArchiving.MARKER, p[1]);
        assertEquals(sha, p[2]);
        assertEquals(UUID.fromString(a.petitionerRef()), p[3], "the petitioner stays while petition B is open");
        assertFalse(((String) p[4]).contains("欧阳建华"));
        // codes, dates and counts stay
        assertEquals(java.util.Arrays.toString(before), java.util.Arrays.toString(row("select tracking_number, channel, "
                + "category_code, location_code, registered_at, person_count, accused_unit_codes::text from petition "
                + "where id = :id", a.id())));
        // the search text follows the petition's: the marker, not the words or the phone number
        String searchText = (String) row("select search_text from petition where id = :id", a.id())[0];
        assertFalse(searchText.contains("工地") || searchText.contains(phone), searchText);
        assertEquals(0L, count("select count(*) from petition_contact where petition_id = :id", a.id()));
        assertEquals(1L, count("select count(*) from petition_contact where petition_id = :id", b.id()));
        assertEquals(0L, count("select count(*) from accused_person where petition_id = :id", a.id()));
        assertEquals(0L, count("select count(*) from petition_material_chunk c join petition_material m "
                + "on m.id = c.material_id where m.petition_id = :id", a.id()));
        Object[] material = row("select sha256, size_bytes, file_name from petition_material where petition_id = :id", a.id());
        assertTrue(((String) material[0]).matches("[0-9a-f]{64}"));
        assertEquals((long) PDF.length, ((Number) material[1]).longValue());
        assertEquals(PetitionArchiving.MARKER, material[2]);
        assertEquals(0L, count("select count(*) from petitioner_contact_change where petition_id = :id "
                + "and (previous_name_ciphertext is not null or new_name_ciphertext is not null "
                + "or previous_phone_ciphertext is not null or new_phone_ciphertext is not null)", a.id()));
        assertEquals(1L, count("select count(*) from petitioner_contact_change where petition_id = :id", a.id()));
        assertTrue(petitionerExists(a.petitionerRef()));

        // staff read the marker; the public hear the case is archived; the bytes and the archive are gone (410)
        given().auth().oauth2(TestTokens.clerk()).get("/petitions/" + a.id()).then().statusCode(200)
                .body("summary", equalTo(PetitionArchiving.MARKER))
                .body("petitionerName", equalTo(PetitionArchiving.MARKER))
                .body("petitionerPhone", equalTo(null))
                .body("accused[0].name", equalTo(PetitionArchiving.MARKER))
                .body("accused[1].unitCode", equalTo("341302-RSJ"))
                .body("categoryCode", equalTo("labour-wages"))
                .body("trackingNumber", equalTo(a.trackingNumber()))
                .body("archivedAt", startsWith("2026-12-06T09:30"));
        given().contentType(ContentType.JSON)
                .body(Map.of("trackingNumber", a.trackingNumber(), "queryCode", a.queryCode()))
                .post("/public/status-lookups").then().statusCode(200)
                .body("status", equalTo("ARCHIVED")).body("categoryCode", equalTo("labour-wages"));
        given().auth().oauth2(TestTokens.clerk()).get("/petitions/" + a.id() + "/materials/" + materialId)
                .then().statusCode(410).contentType("application/problem+json").body("type", endsWith("/archived"));
        given().auth().oauth2(TestTokens.clerk()).get("/petitions/" + a.id() + "/materials").then().statusCode(200)
                .body("$", hasSize(1)).body("[0].fileName", equalTo(PetitionArchiving.MARKER))
                .body("[0].sizeBytes", equalTo(PDF.length));
        given().auth().oauth2(TestTokens.clerk()).contentType("application/octet-stream").body(PDF)
                .post("/petitions/" + a.id() + "/materials").then().statusCode(410);
        given().auth().oauth2(TestTokens.service()).get("/internal/petitions/" + a.id() + "/archive")
                .then().statusCode(410).contentType("application/problem+json").body("type", endsWith("/archived"));
        given().auth().oauth2(TestTokens.service()).queryParam("purpose", "STATUS_NOTICE").queryParam("petitionId", a.id())
                .get("/internal/petitioners/" + a.petitionerRef() + "/contact").then().statusCode(410);

        // redelivered (same event id) and archived again under another id: the same state, nothing dead-lettered
        String archivedState = state(a.id());
        send(a.id(), eventId, event);
        send(a.id(), UUID.randomUUID(), archived(a.id(), a.trackingNumber(), sha256()));
        CaseTopics.awaitConsumed(TOPIC);
        assertEquals(archivedState, state(a.id()));
        assertEquals(sha, row("select archive_sha256 from petition where id = :id", a.id())[0]);
        try (KafkaProbe deadLetters = KafkaProbe.open(CaseTopics.DEAD_LETTERS)) {
            assertEquals(List.of(), deadLetters.settle(r -> a.id().equals(r.key()), Duration.ofSeconds(2)));
        }

        // the last open petition of the person archived: the person goes, every reference with them
        send(b.id(), UUID.randomUUID(), archived(b.id(), b.trackingNumber(), sha256()));
        awaitArchived(b.id());
        assertFalse(petitionerExists(a.petitionerRef()));
        assertNull(row("select petitioner_id from petition where id = :id", a.id())[0]);
        assertNull(row("select petitioner_id from petition where id = :id", b.id())[0]);
        assertEquals(0L, count("select count(*) from petitioner_contact_change where petition_id = :id "
                + "and petitioner_id is not null", a.id()));
        // the repeat link and the counts stay for the statistics
        Object[] repeat = row("select prior_petitions, repeat_of from petition where id = :id", b.id());
        assertEquals(1, ((Number) repeat[0]).intValue());
        given().auth().oauth2(TestTokens.clerk()).get("/petitions/" + b.id()).then().statusCode(200)
                .body("petitionerName", equalTo(PetitionArchiving.MARKER)).body("priorPetitions", equalTo(1));
    }

    @Test
    void aPetitionerAloneIsDeletedWithTheirPetition() {
        Registered c = register("欧阳一个", Bodies.mobile(), Bodies.idNumber(), "拖欠工资", null, false);
        assertTrue(petitionerExists(c.petitionerRef()));
        send(c.id(), UUID.randomUUID(), archived(c.id(), c.trackingNumber(), sha256()));
        awaitArchived(c.id());
        assertFalse(petitionerExists(c.petitionerRef()));
        Object[] p = row("select petitioner_id, summary, content, location_code from petition where id = :id", c.id());
        assertNull(p[0]);
        assertEquals(PetitionArchiving.MARKER, p[1]);
        assertNull(p[2]);
        assertEquals(LOCATION, p[3]);
        given().auth().oauth2(TestTokens.clerk()).get("/petitions/" + c.id()).then().statusCode(200)
                .body("petitionerName", equalTo(PetitionArchiving.MARKER)).body("petitionerRef", equalTo(null));
    }

    @Test
    void aGroupPetitionsRepresentativesAreInTheArchiveAndGoUnlessAnOpenPetitionIsTheirs() {
        String sharedIdNumber = Bodies.idNumber();
        // one representative is also the petitioner of a petition of their own, still open
        Registered own = register("钱大勇", Bodies.mobile(), sharedIdNumber, "本人拖欠工资", null, false);
        Map<String, Object> group = Bodies.petition("WALK_IN", "labour-wages", LOCATION, "农民工集体讨薪",
                Bodies.person("赵铁柱", Bodies.mobile(), Bodies.idNumber()));
        group.put("personCount", 12);
        group.put("representatives", List.of(
                Map.of("name", "钱大勇", "idNumber", sharedIdNumber),
                Map.of("name", "孙小军", "idNumber", Bodies.idNumber(), "phone", Bodies.mobile())));
        JsonPath receipt = given().auth().oauth2(TestTokens.clerk()).contentType(ContentType.JSON).body(group)
                .post("/petitions").then().statusCode(201).extract().jsonPath();
        String id = receipt.getString("petitionId");
        List<String> reps = given().auth().oauth2(TestTokens.service()).get("/internal/petitions/" + id + "/archive")
                .then().statusCode(200).body("petition.representatives.name", equalTo(List.of("钱大勇", "孙小军")))
                .body("petition.petitioner.name", equalTo("赵铁柱")).body("petition.personCount", equalTo(12))
                .extract().jsonPath().getList("petition.representatives.petitionerRef");
        assertEquals(own.petitionerRef(), reps.get(0));
        // every person revealed is audited
        assertEquals(3L, count("select count(distinct petitioner_id) from pii_access_log where petition_id = :id "
                + "and purpose = 'ARCHIVE'", id));

        send(id, UUID.randomUUID(), archived(id, receipt.getString("trackingNumber"), sha256()));
        awaitArchived(id);
        assertTrue(petitionerExists(reps.get(0)), "钱大勇's own petition is open");
        assertFalse(petitionerExists(reps.get(1)));
        assertEquals(2L, count("select count(*) from petition_representative where petition_id = :id", id));
        assertEquals(1L, count("select count(*) from petition_representative where petition_id = :id "
                + "and petitioner_id is not null", id));
        assertEquals(12L, count("select person_count from petition where id = :id", id));
        given().auth().oauth2(TestTokens.clerk()).get("/petitions/" + id).then().statusCode(200)
                .body("representatives.name", equalTo(List.of(PetitionArchiving.MARKER, PetitionArchiving.MARKER)))
                .body("personCount", equalTo(12));
        // the open petition of the representative is untouched
        given().auth().oauth2(TestTokens.clerk()).get("/petitions/" + own.id()).then().statusCode(200)
                .body("summary", equalTo("本人拖欠工资")).body("petitionerName", equalTo("钱**"));
    }

    @Test
    void anInvalidOrInconsistentEventGoesToTheDeadLetterTopicAndRemovesNothing() {
        Registered bad = register("上官某", Bodies.mobile(), null, "拖欠工资", "正文", false);
        Registered wrongNumber = register("上官某某", Bodies.mobile(), null, "拖欠工资", "正文", false);
        String malformed = archived(bad.id(), bad.trackingNumber(), sha256()).replaceAll("\"archiveSha256\":\"[0-9a-f]+\"",
                "\"archiveSha256\":\"not-a-digest\"");
        assertFalse(Contracts.isValid(TOPIC, malformed));
        send(bad.id(), UUID.randomUUID(), malformed);
        // valid by the contract, but not this petition's tracking number: nothing is erased on a doubtful event
        send(wrongNumber.id(), UUID.randomUUID(), archived(wrongNumber.id(), "XF20001231000001", sha256()));
        try (KafkaProbe deadLetters = KafkaProbe.open(CaseTopics.DEAD_LETTERS)) {
            for (String key : List.of(bad.id(), wrongNumber.id())) {
                ConsumerRecord<String, String> record = deadLetters.awaitKey(key, APPLIED);
                assertEquals(TOPIC, header(record, "dead-letter-topic"));
                assertNotNull(header(record, "dead-letter-reason"));
            }
        }
        for (Registered r : List.of(bad, wrongNumber)) {
            Object[] p = row("select archived_at, summary, petitioner_id from petition where id = :id", r.id());
            assertNull(p[0]);
            assertEquals("拖欠工资", p[1]);
            assertTrue(petitionerExists(r.petitionerRef()));
        }
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

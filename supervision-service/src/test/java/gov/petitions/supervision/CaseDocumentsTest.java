package gov.petitions.supervision;

import gov.petitions.testing.TestSecrets;
import gov.petitions.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import javax.sql.DataSource;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue #21, a case's documents (材料): the handler of the unit holding the case and the staff who may read it attach
 * evidence, decision scans and photos; each upload streamed, its kind sniffed from its bytes, images re-encoded without
 * EXIF, scanned by the real clamd of the test infrastructure (a local EICAR signature) before it can be downloaded,
 * each download recorded, each upload on the case's timeline; never seen by the accused unit. clamd is reached through
 * {@link ClamdRelay}, which a test takes down to show a document waiting PENDING until clamd is back.
 * supervision.documents.max-file-size is 2M in the tests.
 */
@QuarkusTest
@QuarkusTestResource(TestSecrets.class)
// for every test class, not only this one: a resource restricted to one class makes its application a build of its
// own (Quarkus augments each distinct set of resources and profile once, ~15 s here); elsewhere the port is unused
@QuarkusTestResource(ClamdRelay.class)
class CaseDocumentsTest {

    /** The EICAR test string, put together here so that this source file is not itself "infected". */
    static final String EICAR = "X5O!P%@AP[4\\PZX54(P^)7CC)7}$" + "EICAR-STANDARD-" + "ANTIVIRUS-TEST-FILE!$H+H*";

    static final byte[] PDF = ("%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
            + "2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")
            .getBytes(StandardCharsets.US_ASCII);

    /** The case is in 萧县 (341322), accuses 萧县人社局 (341322-RSJ) and is held by 宿州市人社局 (3413-RSJ). */
    static final String HOLDER = "3413-RSJ";
    static final String ACCUSED = "341322-RSJ";

    static ClamdRelay relay;

    @Inject
    DataSource dataSource;

    @BeforeAll
    static void relayToTheRealClamd() throws IOException {
        int port = ConfigProvider.getConfig().getValue("supervision.clamd.port", Integer.class);
        relay = new ClamdRelay(port, ClamdRelay.clamdPort());
        relay.up();
    }

    @AfterAll
    static void relayDown() throws IOException {
        relay.down();
    }

    @BeforeEach
    void clamdIsUp() throws IOException {
        relay.up();
        try (Socket probe = new Socket("127.0.0.1", ClamdRelay.clamdPort())) {
            assertTrue(probe.isConnected());
        } catch (IOException e) {
            throw new AssertionError("the test infrastructure's clamd does not answer on INTAKE_CLAMD_PORT "
                    + ClamdRelay.clamdPort() + " (source /tmp/test-env.sh): " + e.getMessage());
        }
    }

    private static String openCase() throws Exception {
        return ScopeAndRecusalTest.openCase("341322", List.of(ACCUSED), HOLDER, "CITY");
    }

    static Response upload(String token, String id, String kind, String name, byte[] bytes) {
        return given().auth().oauth2(token).contentType("application/octet-stream")
                .header("X-File-Name", URLEncoder.encode(name, StandardCharsets.UTF_8))
                .queryParam("kind", kind).body(bytes).post("/cases/" + id + "/documents");
    }

    static Response download(String token, String id, String documentId) {
        return given().auth().oauth2(token).get("/cases/" + id + "/documents/" + documentId);
    }

    @Test
    void theHandlerAttachesAPdfScannedCleanDownloadableAuditedAndOnTheTimeline() throws Exception {
        String id = openCase();
        String holder = TestTokens.handler(HOLDER);
        JsonPath d = upload(holder, id, "EVIDENCE", "现场核查记录.pdf", PDF).then().statusCode(201)
                .contentType(ContentType.JSON).header("Location", containsString("/cases/" + id + "/documents/")).body("state", equalTo("CLEAN")).body("contentType", equalTo("application/pdf"))
                .body("kind", equalTo("EVIDENCE")).body("fileName", equalTo("现场核查记录.pdf"))
                .body("downloadable", equalTo(true)).body("uploadedByRole", equalTo("handler"))
                .body("uploadedByUnit", equalTo(HOLDER)).body("uploadedAt", endsWith("+08:00"))
                .body("sha256", equalTo(sha256(PDF))).body("signature", nullValue())
                .extract().jsonPath();
        String documentId = d.getString("documentId");

        // the handler, and a supervisor of 宿州 (the case's city), download it; each download recorded
        Response got = download(holder, id, documentId);
        assertEquals(200, got.statusCode());
        assertEquals("application/pdf", got.contentType());
        assertArrayEquals(PDF, got.asByteArray());
        assertEquals("nosniff", got.header("X-Content-Type-Options"));
        assertTrue(got.header("Content-Disposition").startsWith("attachment;"));
        assertArrayEquals(PDF, download(TestTokens.supervisor("3413"), id, documentId).then().statusCode(200)
                .extract().asByteArray());
        assertEquals(List.of("handler " + HOLDER, "supervisor 3413"), downloads(documentId));

        given().auth().oauth2(TestTokens.auditor()).get("/cases/" + id + "/documents").then().statusCode(200)
                .body("size()", equalTo(1)).body("[0].documentId", equalTo(documentId)).body("[0].state", equalTo("CLEAN"));

        // the upload is on the case's timeline, by the handler, naming the document by id and digest (not its name)
        List<Map<String, Object>> timeline = given().auth().oauth2(holder).get("/ledger/" + id).then().statusCode(200)
                .extract().jsonPath().getList("timeline");
        Map<String, Object> entry = timeline.stream()
                .filter(e -> String.valueOf(e.get("reason")).startsWith("document attached")).findFirst()
                .orElseThrow(() -> new AssertionError("no timeline entry for the upload: " + timeline));
        assertTrue(String.valueOf(entry.get("reason")).contains(documentId), entry.toString());
        assertTrue(String.valueOf(entry.get("reason")).contains(sha256(PDF)), entry.toString());
        assertFalse(String.valueOf(entry.get("reason")).contains("现场核查记录"), "no file name on the timeline");
        assertEquals("handler", entry.get("actorRole"));
    }

    @Test
    void aPhotosExifAndGpsPositionAreGoneBeforeAnyoneDownloadsIt() throws Exception {
        String id = openCase();
        byte[] photo = jpegWithGps();
        assertTrue(contains(photo, "Exif".getBytes(StandardCharsets.US_ASCII)), "the upload carries EXIF");
        String documentId = upload(TestTokens.handler(HOLDER), id, "EVIDENCE", "现场照片.jpg", photo).then()
                .statusCode(201).body("state", equalTo("CLEAN")).body("contentType", equalTo("image/jpeg"))
                .extract().path("documentId");
        byte[] served = download(TestTokens.supervisor("3413"), id, documentId).then().statusCode(200)
                .contentType("image/jpeg").extract().asByteArray();
        assertFalse(contains(served, "Exif".getBytes(StandardCharsets.US_ASCII)), "no EXIF in what is served");
        assertFalse(contains(served, new byte[] {(byte) 0xFF, (byte) 0xE1}), "no APP1 segment at all");
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(served));
        assertEquals(120, image.getWidth());
        assertEquals(90, image.getHeight());
        assertEquals(List.of("supervisor 3413"), downloads(documentId));
    }

    @Test
    void anEicarUploadIsQuarantinedAndNeverServed() throws Exception {
        String id = openCase();
        byte[] infected = ("%PDF-1.4\n" + EICAR + "\n%%EOF\n").getBytes(StandardCharsets.US_ASCII);
        String documentId = upload(TestTokens.clerk("3413"), id, "OTHER", "证据.pdf", infected).then().statusCode(201)
                .body("state", equalTo("INFECTED")).body("signature", containsString("Eicar-Test-Signature"))
                .body("downloadable", equalTo(false)).body("stateText", containsString("quarantined"))
                .body("uploadedByRole", equalTo("clerk")).body("uploadedByUnit", equalTo("3413"))
                .extract().path("documentId");
        download(TestTokens.clerk("3413"), id, documentId).then().statusCode(409)
                .contentType("application/problem+json").body("type", endsWith("/document-quarantined"));
        download(TestTokens.handler(HOLDER), id, documentId).then().statusCode(409);
        given().auth().oauth2(TestTokens.handler(HOLDER)).get("/cases/" + id + "/documents").then().statusCode(200)
                .body("[0].state", equalTo("INFECTED"));
        assertEquals(List.of(), downloads(documentId), "nothing was served, nothing recorded");
    }

    @Test
    void emptyFilesWrongKindsRenamedProgramsAndUnknownKindsAreRefused() throws Exception {
        String id = openCase();
        String holder = TestTokens.handler(HOLDER);
        upload(holder, id, "EVIDENCE", "空.pdf", new byte[0]).then().statusCode(400)
                .contentType("application/problem+json").body("type", endsWith("/empty-document"));
        byte[] pe = new byte[512];
        pe[0] = 'M';
        pe[1] = 'Z';
        upload(holder, id, "EVIDENCE", "处理意见书.pdf", pe).then().statusCode(415)
                .contentType("application/problem+json").body("type", endsWith("/unsupported-document-type"))
                .body("detail", containsString("program"));
        upload(holder, id, "EVIDENCE", "note.pdf", "just text, not a PDF".getBytes(StandardCharsets.UTF_8)).then()
                .statusCode(415).contentType("application/problem+json");
        // the head of a JPEG but no image behind it
        upload(holder, id, "EVIDENCE", "broken.jpg", new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 0, 1, 2, 3})
                .then().statusCode(415).contentType("application/problem+json").body("type", endsWith("/unreadable-image"));
        upload(holder, id, "PHOTO", "a.pdf", PDF).then().statusCode(400).contentType("application/problem+json")
                .body("type", endsWith("/unknown-kind"));
        upload(holder, id, null, "a.pdf", PDF).then().statusCode(400).contentType("application/problem+json")
                .body("type", endsWith("/missing-kind"));
        // a decision scan for a reply the case does not have yet
        given().auth().oauth2(holder).contentType("application/pdf").queryParam("kind", "DECISION_SCAN")
                .queryParam("supports", "REPLIED").body(PDF).post("/cases/" + id + "/documents").then().statusCode(409)
                .contentType("application/problem+json").body("type", endsWith("/no-such-decision"));
        given().auth().oauth2(holder).get("/cases/" + id + "/documents").then().statusCode(200).body("size()", equalTo(0));

        // once replied, the scan of the written decision (处理意见书) is attached to it
        given().auth().oauth2(holder).contentType(ContentType.JSON).body(Map.of("accepted", true))
                .post("/cases/" + id + "/decision").then().statusCode(200);
        given().auth().oauth2(holder).contentType(ContentType.JSON).body(Map.of("text", "经核查，已依法处理"))
                .post("/cases/" + id + "/reply").then().statusCode(200);
        given().auth().oauth2(holder).contentType("application/pdf").queryParam("kind", "DECISION_SCAN")
                .queryParam("supports", "REPLIED").header("X-File-Name", "%E5%A4%84%E7%90%86%E6%84%8F%E8%A7%81%E4%B9%A6.pdf")
                .body(PDF).post("/cases/" + id + "/documents").then().statusCode(201)
                .body("kind", equalTo("DECISION_SCAN")).body("supports", equalTo("REPLIED"))
                .body("fileName", equalTo("处理意见书.pdf")).body("state", equalTo("CLEAN"));
    }

    /** Streamed by the client (chunked, no Content-Length) from a generator: neither side holds the file. */
    @Test
    void aFileOverTheLimitIs413WhileStreamedAndWhenDeclared() throws Exception {
        String id = openCase();
        long size = 3L * 1024 * 1024; // over the tests' 2M
        InputStream generated = new InputStream() {
            long sent;

            @Override
            public int read() {
                if (sent >= size) {
                    return -1;
                }
                return sent++ < 5 ? "%PDF-".charAt((int) sent - 1) : 'x';
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (sent >= size) {
                    return -1;
                }
                int n = (int) Math.min(len, size - sent);
                for (int i = 0; i < n; i++) {
                    b[off + i] = (byte) read();
                }
                return n;
            }
        };
        HttpRequest request = HttpRequest.newBuilder(URI.create(RestAssured.baseURI + ":" + RestAssured.port
                        + "/cases/" + id + "/documents?kind=EVIDENCE"))
                .header("Authorization", "Bearer " + TestTokens.handler(HOLDER))
                .header("Content-Type", "application/pdf")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> generated)).build();
        HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        assertEquals(413, response.statusCode(), response.body());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"));
        assertTrue(response.body().contains("document-too-large"), response.body());

        // a Content-Length over the limit is refused before the body is read
        upload(TestTokens.handler(HOLDER), id, "EVIDENCE", "big.pdf", new byte[3 * 1024 * 1024]).then().statusCode(413)
                .contentType("application/problem+json");
        given().auth().oauth2(TestTokens.handler(HOLDER)).get("/cases/" + id + "/documents").then().statusCode(200)
                .body("size()", equalTo(0));
        // every other endpoint keeps its small bodies, although the server's limit is raised for the uploads
        given().auth().oauth2(TestTokens.handler(HOLDER)).contentType(ContentType.JSON)
                .body("{\"text\":\"" + "x".repeat(300 * 1024) + "\"}").post("/cases/" + id + "/reply").then()
                .statusCode(413).contentType("application/problem+json");
    }

    @Test
    void whileClamdIsAwayADocumentWaitsPendingAndIsNeverServedThenTheRescanFindsItClean() throws Exception {
        String id = openCase();
        String holder = TestTokens.handler(HOLDER);
        String documentId;
        relay.down();
        try {
            documentId = upload(holder, id, "EVIDENCE", "信封.pdf", PDF).then().statusCode(201)
                    .body("state", equalTo("PENDING")).body("downloadable", equalTo(false)).extract().path("documentId");
            download(holder, id, documentId).then().statusCode(409)
                    .contentType("application/problem+json").body("type", endsWith("/document-pending"));
            Thread.sleep(2500); // the rescan (every second in the tests) finds nobody to ask
            download(holder, id, documentId).then().statusCode(409).body("type", endsWith("/document-pending"));
        } finally {
            relay.up();
        }
        long deadline = System.currentTimeMillis() + 30_000;
        String state;
        do {
            Thread.sleep(300);
            state = given().auth().oauth2(holder).get("/cases/" + id + "/documents").then()
                    .statusCode(200).extract().path("[0].state");
        } while (!"CLEAN".equals(state) && System.currentTimeMillis() < deadline);
        assertEquals("CLEAN", state, "scanned once clamd is back");
        assertArrayEquals(PDF, download(holder, id, documentId).then().statusCode(200).extract().asByteArray());
        assertEquals(List.of("handler " + HOLDER), downloads(documentId), "only the download that was served");
    }

    @Test
    void theAccusedUnitAndOtherJurisdictionsNeitherSeeNorAttach() throws Exception {
        String id = openCase();
        String documentId = upload(TestTokens.handler(HOLDER), id, "EVIDENCE", "a.pdf", PDF).then().statusCode(201)
                .extract().path("documentId");
        // the accused unit's handler, and the accused county's own staff (回避): 404, as for a case that does not exist
        for (String token : List.of(TestTokens.handler(ACCUSED), TestTokens.clerk("341322"), TestTokens.supervisor("341322"))) {
            upload(token, id, "EVIDENCE", "b.pdf", PDF).then().statusCode(404).contentType("application/problem+json");
            given().auth().oauth2(token).get("/cases/" + id + "/documents").then().statusCode(404);
            download(token, id, documentId).then().statusCode(404);
        }
        // a clerk of another county, a handler of another unit: 404 likewise
        for (String token : List.of(TestTokens.clerk("341302"), TestTokens.clerk("3415"), TestTokens.handler("341302-RSJ"))) {
            upload(token, id, "EVIDENCE", "b.pdf", PDF).then().statusCode(404).contentType("application/problem+json");
            given().auth().oauth2(token).get("/cases/" + id + "/documents").then().statusCode(404);
            download(token, id, documentId).then().statusCode(404);
        }
        // a handler's token without a unit sees nothing (fail closed); the service role has no use for documents
        download(TestTokens.token("no-unit", java.util.Set.of("handler"), null, null), id, documentId).then().statusCode(404);
        download(TestTokens.service(), id, documentId).then().statusCode(403);
        // a document is only found under its own case
        String other = openCase();
        download(TestTokens.handler(HOLDER), other, documentId).then().statusCode(404);
        // nothing was attached by anyone refused, nor any download recorded for them
        given().auth().oauth2(TestTokens.leader("3413")).get("/cases/" + id + "/documents").then().statusCode(200)
                .body("size()", equalTo(1));
        assertEquals(List.of(), downloads(documentId));
    }

    /** "roles unit" of each recorded download of the document, oldest first. */
    private List<String> downloads(String documentId) throws Exception {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("select roles, unit from case_document_download where document_id = ? order by id")) {
            s.setObject(1, UUID.fromString(documentId));
            List<String> out = new java.util.ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    out.add(r.getString(1) + " " + r.getString(2));
                }
            }
            return out;
        }
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    /** A 120×90 JPEG with an EXIF APP1 segment carrying a GPS position (31.86 N, 117.28 E: Hefei). */
    static byte[] jpegWithGps() throws IOException {
        BufferedImage image = new BufferedImage(120, 90, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.ORANGE);
        g.fillRect(10, 10, 60, 40);
        g.dispose();
        ByteArrayOutputStream plain = new ByteArrayOutputStream();
        ImageIO.write(image, "jpg", plain);
        byte[] jpeg = plain.toByteArray();
        // TIFF structure, big-endian: IFD0 with one entry (GPSInfo → offset 26), the GPS IFD with the latitude's and
        // longitude's references and values as rationals
        String tiff = "4d4d002a00000008"
                + "0001" + "8825" + "0004" + "00000001" + "0000001a" + "00000000"
                + "0004"
                + "0001" + "0002" + "00000002" + "4e000000"
                + "0002" + "0005" + "00000003" + "00000068"
                + "0003" + "0002" + "00000002" + "45000000"
                + "0004" + "0005" + "00000003" + "00000080"
                + "00000000"
                + "0000001f00000001" + "0000003300000001" + "0000000600000001"
                + "0000007500000001" + "0000001100000001" + "0000000c00000001";
        byte[] exif = HexFormat.of().parseHex("457869660000" + tiff); // "Exif\0\0"
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(jpeg, 0, 2); // SOI
        out.write(0xFF);
        out.write(0xE1);
        int length = exif.length + 2;
        out.write(length >> 8);
        out.write(length & 0xFF);
        out.write(exif);
        out.write(jpeg, 2, jpeg.length - 2);
        return out.toByteArray();
    }

    static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}

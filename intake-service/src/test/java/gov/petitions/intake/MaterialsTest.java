package gov.petitions.intake;

import gov.petitions.testing.TestSecrets;
import gov.petitions.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
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
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
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
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Issue #21, materials (材料): uploads streamed, their kind sniffed from their bytes, images stripped of EXIF, every
 * one scanned by a real clamd (infra/clamd/clamd.sh, a local EICAR signature) before it can be downloaded, and read
 * only within the petition's scope. intake.materials.max-file-size is 2M in the tests.
 */
@QuarkusTest
@QuarkusTestResource(TestSecrets.class)
// for every test class, not only this one: a resource restricted to one class makes its application a build of its
// own (Quarkus augments each distinct set of resources and profile once, ~15 s here), and a clamd of its own costs ~1 s
@QuarkusTestResource(ClamdTestResource.class)
class MaterialsTest {

    /** The EICAR test string, put together here so that this source file is not itself "infected". */
    static final String EICAR = "X5O!P%@AP[4\\PZX54(P^)7CC)7}$" + "EICAR-STANDARD-" + "ANTIVIRUS-TEST-FILE!$H+H*";

    static final byte[] PDF = ("%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
            + "2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")
            .getBytes(StandardCharsets.US_ASCII);

    @Inject
    DataSource dataSource;

    @BeforeEach
    void clamdIsHere() {
        assumeTrue(ClamdTestResource.available(), "SKIPPED: /usr/sbin/clamd is missing (apt-get install clamav-daemon)");
    }

    private static String register(String location) {
        return given().auth().oauth2(TestTokens.clerk()).contentType(ContentType.JSON)
                .body(Bodies.petition("WALK_IN", "labour-wages", location, "拖欠工资，附材料",
                        Bodies.person("陈某", Bodies.mobile(), null)))
                .post("/petitions").then().statusCode(201).extract().path("petitionId");
    }

    private static Response upload(String token, String petitionId, String name, byte[] bytes) {
        return given().auth().oauth2(token).contentType("application/octet-stream")
                .header("X-File-Name", java.net.URLEncoder.encode(name, StandardCharsets.UTF_8))
                .body(bytes).post("/petitions/" + petitionId + "/materials");
    }

    private static Response download(String token, String petitionId, String materialId) {
        return given().auth().oauth2(token).get("/petitions/" + petitionId + "/materials/" + materialId);
    }

    @Test
    void aCleanPdfIsAcceptedScannedAndDownloadableAndEachDownloadIsRecorded() throws Exception {
        String id = register("341522");
        JsonPath m = upload(TestTokens.clerk(), id, "来信扫描件.pdf", PDF).then().statusCode(201)
                .contentType(ContentType.JSON).body("state", equalTo("CLEAN")).body("contentType", equalTo("application/pdf"))
                .body("fileName", equalTo("来信扫描件.pdf")).body("downloadable", equalTo(true))
                .body("uploadedAt", endsWith("+08:00")).extract().jsonPath();
        String materialId = m.getString("materialId");
        Response got = download(TestTokens.supervisor("3415"), id, materialId);
        assertEquals(200, got.statusCode());
        assertEquals("application/pdf", got.contentType());
        assertArrayEquals(PDF, got.asByteArray());
        assertEquals("nosniff", got.header("X-Content-Type-Options"));
        assertTrue(got.header("Content-Disposition").startsWith("attachment;"));

        given().auth().oauth2(TestTokens.clerk()).get("/petitions/" + id + "/materials").then().statusCode(200)
                .body("size()", equalTo(1)).body("[0].materialId", equalTo(materialId)).body("[0].state", equalTo("CLEAN"));

        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("select subject, roles from petition_material_download where material_id = ?")) {
            s.setObject(1, UUID.fromString(materialId));
            try (ResultSet r = s.executeQuery()) {
                assertTrue(r.next(), "the download is recorded");
                assertEquals("supervisor", r.getString("roles"));
                assertNotNull(r.getString("subject"));
                assertFalse(r.next());
            }
        }
    }

    @Test
    void anEicarUploadIsQuarantinedAndNeverServed() {
        String id = register("341522");
        byte[] infected = ("%PDF-1.4\n" + EICAR + "\n%%EOF\n").getBytes(StandardCharsets.US_ASCII);
        String materialId = upload(TestTokens.clerk(), id, "证据.pdf", infected).then().statusCode(201)
                .body("state", equalTo("INFECTED")).body("signature", containsString("Eicar-Test-Signature"))
                .body("downloadable", equalTo(false)).body("stateText", containsString("quarantined"))
                .extract().path("materialId");
        download(TestTokens.clerk(), id, materialId).then().statusCode(409)
                .contentType("application/problem+json").body("type", endsWith("/material-quarantined"));
        given().auth().oauth2(TestTokens.clerk()).get("/petitions/" + id + "/materials").then().statusCode(200)
                .body("[0].state", equalTo("INFECTED"));
    }

    @Test
    void emptyFilesWrongKindsAndRenamedProgramsAreRefused() {
        String id = register("341522");
        upload(TestTokens.clerk(), id, "空.pdf", new byte[0]).then().statusCode(400)
                .contentType("application/problem+json").body("type", endsWith("/empty-material"));
        byte[] pe = new byte[512];
        pe[0] = 'M';
        pe[1] = 'Z';
        upload(TestTokens.clerk(), id, "letter.pdf", pe).then().statusCode(415)
                .contentType("application/problem+json").body("detail", containsString("program"));
        byte[] elf = {0x7F, 'E', 'L', 'F', 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0};
        upload(TestTokens.clerk(), id, "photo.jpg", elf).then().statusCode(415).contentType("application/problem+json");
        upload(TestTokens.clerk(), id, "note.pdf", "just text, not a PDF".getBytes(StandardCharsets.UTF_8)).then()
                .statusCode(415).contentType("application/problem+json");
        // the head of a JPEG but no image behind it
        upload(TestTokens.clerk(), id, "broken.jpg", new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 0, 1, 2, 3}).then()
                .statusCode(415).contentType("application/problem+json");
        given().auth().oauth2(TestTokens.clerk()).get("/petitions/" + id + "/materials").then().statusCode(200)
                .body("size()", equalTo(0));
    }

    /** Streamed by the client (chunked, no Content-Length) from a generator: neither side holds the file. */
    @Test
    void aFileOverTheLimitIs413WhileStreamed() throws Exception {
        String id = register("341522");
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
                        + "/petitions/" + id + "/materials"))
                .header("Authorization", "Bearer " + TestTokens.clerk())
                .header("Content-Type", "application/pdf")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> generated)).build();
        HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        assertEquals(413, response.statusCode(), response.body());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"));
        assertTrue(response.body().contains("material-too-large"), response.body());
        given().auth().oauth2(TestTokens.clerk()).get("/petitions/" + id + "/materials").then().statusCode(200)
                .body("size()", equalTo(0));

        // a Content-Length over the limit is refused before the body is read
        upload(TestTokens.clerk(), id, "big.pdf", new byte[3 * 1024 * 1024]).then().statusCode(413)
                .contentType("application/problem+json");
    }

    /** The server's limit is raised for the uploads; every JSON endpoint keeps 256 KB by Content-Length. */
    @Test
    void jsonEndpointsKeepTheirSmallBodies() {
        String big = "{\"summary\":\"" + "x".repeat(300 * 1024) + "\"}";
        given().auth().oauth2(TestTokens.clerk()).contentType(ContentType.JSON).body(big).post("/petitions").then()
                .statusCode(413).contentType("application/problem+json");
    }

    @Test
    void aPhotosExifAndGpsPositionAreGoneBeforeAnyoneDownloadsIt() throws Exception {
        String id = register("341522");
        byte[] photo = jpegWithGps();
        assertTrue(contains(photo, "Exif".getBytes(StandardCharsets.US_ASCII)), "the upload carries EXIF");
        String materialId = upload(TestTokens.clerk(), id, "现场照片.jpg", photo).then().statusCode(201)
                .body("state", equalTo("CLEAN")).body("contentType", equalTo("image/jpeg")).extract().path("materialId");
        byte[] served = download(TestTokens.clerk(), id, materialId).then().statusCode(200).contentType("image/jpeg")
                .extract().asByteArray();
        assertFalse(contains(served, "Exif".getBytes(StandardCharsets.US_ASCII)), "no EXIF in what is served");
        assertFalse(contains(served, new byte[] {(byte) 0xFF, (byte) 0xE1}), "no APP1 segment at all");
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(served));
        assertEquals(120, image.getWidth());
        assertEquals(90, image.getHeight());
    }

    @Test
    void whileClamdIsDownAMaterialWaitsAndIsNeverServedThenItIsScanned() throws Exception {
        String id = register("341522");
        int port = org.eclipse.microprofile.config.ConfigProvider.getConfig().getValue("intake.clamd.port", Integer.class);
        String materialId;
        ClamdTestResource.run("stop", port);
        try {
            materialId = upload(TestTokens.clerk(), id, "信封.pdf", PDF).then().statusCode(201)
                    .body("state", equalTo("PENDING")).body("downloadable", equalTo(false)).extract().path("materialId");
            download(TestTokens.clerk(), id, materialId).then().statusCode(409)
                    .contentType("application/problem+json").body("type", endsWith("/material-pending"));
            Thread.sleep(2500); // the rescan (every second in the tests) finds nobody to ask
            download(TestTokens.clerk(), id, materialId).then().statusCode(409);
        } finally {
            ClamdTestResource.run("start", port);
        }
        long deadline = System.currentTimeMillis() + 30_000;
        String state;
        do {
            Thread.sleep(300);
            state = given().auth().oauth2(TestTokens.clerk()).get("/petitions/" + id + "/materials").then()
                    .statusCode(200).extract().path("[0].state");
        } while (!"CLEAN".equals(state) && System.currentTimeMillis() < deadline);
        assertEquals("CLEAN", state, "scanned once clamd is back");
        assertArrayEquals(PDF, download(TestTokens.clerk(), id, materialId).then().statusCode(200).extract().asByteArray());
    }

    @Test
    void outsideThePetitionsScopeNothingIsSeenNorAttached() {
        String id = register("341522");
        String materialId = upload(TestTokens.clerk(), id, "a.pdf", PDF).then().statusCode(201).extract().path("materialId");
        // a clerk of another city: 404 as for a petition that does not exist, and nothing is stored
        upload(TestTokens.clerk("3413"), id, "b.pdf", PDF).then().statusCode(404).contentType("application/problem+json");
        given().auth().oauth2(TestTokens.clerk("3413")).get("/petitions/" + id + "/materials").then().statusCode(404);
        download(TestTokens.clerk("3413"), id, materialId).then().statusCode(404);
        download(TestTokens.supervisor("3413"), id, materialId).then().statusCode(404);
        // handlers have no use for intake's view, as for the petition itself
        download(TestTokens.handler("341522-RSJ"), id, materialId).then().statusCode(403);
        // a material is only found under its own petition
        String other = register("341522");
        download(TestTokens.clerk(), other, materialId).then().statusCode(404);
        given().auth().oauth2(TestTokens.clerk()).get("/petitions/" + id + "/materials").then().body("size()", equalTo(1));
    }

    @Test
    void theAccusedUnitsDivisionNeverSeesTheMaterials() {
        Map<String, Object> body = Bodies.petition("WALK_IN", "labour-wages", "341322", "举报县人社局",
                Bodies.person("陈某", Bodies.mobile(), null));
        body.put("accused", List.of(Map.of("name", "萧县人社局", "kind", "UNIT", "unitCode", "341322-RSJ")));
        String id = given().auth().oauth2(TestTokens.clerk()).contentType(ContentType.JSON).body(body)
                .post("/petitions").then().statusCode(201).extract().path("petitionId");
        String materialId = upload(TestTokens.clerk(), id, "a.pdf", PDF).then().statusCode(201).extract().path("materialId");
        given().auth().oauth2(TestTokens.supervisor("341322")).get("/petitions/" + id + "/materials").then().statusCode(404);
        download(TestTokens.clerk("341322"), id, materialId).then().statusCode(404);
        upload(TestTokens.clerk("341322"), id, "b.pdf", PDF).then().statusCode(404);
        download(TestTokens.supervisor("3413"), id, materialId).then().statusCode(200);
    }

    @Test
    void thePetitionerAttachesOnlineWithTheQueryCodeOnly() {
        JsonPath receipt = given().contentType(ContentType.JSON)
                .body(Map.of("categoryCode", "labour-wages", "locationCode", "341302", "summary", "网上反映欠薪，补充材料",
                        "petitioner", Bodies.person("周明", Bodies.mobile(), null)))
                .post("/public/petitions").then().statusCode(201).extract().jsonPath();
        String tracking = receipt.getString("trackingNumber");
        String code = receipt.getString("queryCode");
        String wrong = code.substring(0, code.length() - 1) + (code.endsWith("A") ? "B" : "A");

        given().header("X-Query-Code", wrong).header("X-File-Name", "a.pdf").contentType("application/pdf").body(PDF)
                .post("/public/petitions/" + tracking + "/materials").then().statusCode(404)
                .contentType("application/problem+json");
        given().header("X-File-Name", "a.pdf").contentType("application/pdf").body(PDF)
                .post("/public/petitions/" + tracking + "/materials").then().statusCode(400)
                .contentType("application/problem+json");
        given().header("X-Query-Code", wrong).get("/public/petitions/" + tracking + "/materials").then().statusCode(404);

        given().header("X-Query-Code", code).header("X-File-Name", "%E5%B7%A5%E8%B5%84%E6%9D%A1.pdf")
                .contentType("application/pdf").body(PDF).post("/public/petitions/" + tracking + "/materials").then()
                .statusCode(201).body("state", equalTo("CLEAN")).body("fileName", equalTo("工资条.pdf"))
                .body("uploadedBy", equalTo("PETITIONER"));
        given().header("X-Query-Code", code).get("/public/petitions/" + tracking + "/materials").then().statusCode(200)
                .body("size()", equalTo(1)).body("[0].state", equalTo("CLEAN"));
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
        String tiff = "4d4d002a00000008" // header, IFD0 at 8
                + "0001" + "8825" + "0004" + "00000001" + "0000001a" + "00000000" // IFD0: GPSInfo at 26
                + "0004"
                + "0001" + "0002" + "00000002" + "4e000000" // GPSLatitudeRef "N"
                + "0002" + "0005" + "00000003" + "00000068" // GPSLatitude at 104
                + "0003" + "0002" + "00000002" + "45000000" // GPSLongitudeRef "E"
                + "0004" + "0005" + "00000003" + "00000080" // GPSLongitude at 128
                + "00000000"
                + "0000001f00000001" + "0000003300000001" + "0000000600000001" // 31° 51' 6"
                + "0000007500000001" + "0000001100000001" + "0000000c00000001"; // 117° 17' 12"
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

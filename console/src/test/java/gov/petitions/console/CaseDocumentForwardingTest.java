package gov.petitions.console;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A case's documents and an archive to verify pass the console as streams (CaseDocumentProxy,
 * ArchiveVerificationProxy), for exactly the calls the pages make, and fail closed beside them: a file of several MB
 * reaches supervision whole with its name and kind, only kind and supports go on as the query, a download streams
 * back byte for byte; other methods, paths beneath, and bodies beyond 30 MB never reach supervision; every other path
 * keeps its 512 KB.
 */
@QuarkusTest
@QuarkusTestResource(StubServices.class)
class CaseDocumentForwardingTest {

    private static final String TOKEN = "Bearer " + StandInProvider.jwt("{\"sub\":\"forwarding-handler\",\"groups\":[\"handler\"]}");
    private static final String DOCUMENTS = "/api/supervision/cases/" + CaseDocumentStandIns.CASE + "/documents";

    @BeforeEach
    void reset() {
        CaseDocumentStandIns.reset();
        RetentionStandIns.reset();
    }

    @Test
    void anUploadOfSeveralMegabytesStreamsToSupervisionWithItsNameAndKindOnly() {
        byte[] file = new byte[5 * 1024 * 1024];
        System.arraycopy("%PDF-1.7".getBytes(), 0, file, 0, 8);
        given().urlEncodingEnabled(false).header("Authorization", TOKEN).header("X-File-Name", "%E7%AD%94%E5%A4%8D.pdf")
                .header("Cookie", "session=secret").contentType("application/pdf").body(file)
                .when().post(DOCUMENTS + "?kind=DECISION_SCAN&supports=REPLIED&unit=elsewhere")
                .then().statusCode(201).body("state", equalTo("PENDING")).body("fileName", equalTo("答复.pdf"))
                .body("sizeBytes", equalTo(file.length)).header("Cache-Control", "no-store");
        assertEquals(List.of("POST /cases/" + CaseDocumentStandIns.CASE + "/documents?kind=DECISION_SCAN&supports=REPLIED"
                + " name=%E7%AD%94%E5%A4%8D.pdf type=application/pdf; charset=ISO-8859-1 bytes=" + file.length + " by forwarding-handler"),
                CaseDocumentStandIns.REQUESTS);
        // a query that is not one of supervision's names is refused here
        given().urlEncodingEnabled(false).header("Authorization", TOKEN).contentType("application/pdf").body(file)
                .when().post(DOCUMENTS + "?kind=EVIDENCE%26supports%3DX")
                .then().statusCode(400).contentType("application/problem+json");
        assertEquals(1, CaseDocumentStandIns.REQUESTS.size());
    }

    @Test
    void theListAndACleanDocumentStreamBackAndSupervisionsProblemsPassUnchanged() {
        given().header("Authorization", TOKEN).when().get(DOCUMENTS)
                .then().statusCode(200).body("[0].documentId", equalTo(CaseDocumentStandIns.CLEAN)).body("[1].state", equalTo("INFECTED"));
        byte[] bytes = given().header("Authorization", TOKEN).when().get(DOCUMENTS + "/" + CaseDocumentStandIns.CLEAN)
                .then().statusCode(200).contentType("application/pdf")
                .header("X-Content-Type-Options", "nosniff").header("Content-Security-Policy", "sandbox")
                .header("Set-Cookie", (String) null).header("Cache-Control", "no-store")
                .extract().asByteArray();
        assertArrayEquals(CaseDocumentStandIns.CLEAN_BYTES, bytes);
        given().header("Authorization", TOKEN).when().get(DOCUMENTS + "/" + CaseDocumentStandIns.INFECTED)
                .then().statusCode(409).contentType("application/problem+json")
                .body("type", equalTo("https://petitions.gov.example/problems/document-quarantined"));
    }

    @Test
    void otherMethodsPathsAndOversizedBodiesNeverReachSupervision() {
        int before = StubServices.INTERNAL_HITS.get();
        for (String method : new String[] {"PUT", "DELETE", "PATCH"}) {
            int status = given().header("Authorization", TOKEN).contentType(ContentType.JSON).body("{}")
                    .when().request(method, DOCUMENTS).then().extract().statusCode();
            assertTrue(status == 404 || status == 405, method + " answered " + status);
            status = given().header("Authorization", TOKEN).contentType(ContentType.JSON).body("{}")
                    .when().request(method, DOCUMENTS + "/" + CaseDocumentStandIns.CLEAN).then().extract().statusCode();
            assertTrue(status == 404 || status == 405, method + " on a document answered " + status);
        }
        given().header("Authorization", TOKEN).contentType("application/pdf").body(new byte[] {'%', 'P', 'D', 'F'})
                .when().post(DOCUMENTS + "/" + CaseDocumentStandIns.CLEAN).then().statusCode(405);
        for (String path : new String[] {DOCUMENTS + "/" + CaseDocumentStandIns.CLEAN + "/content",
                "/api/supervision/cases/" + CaseDocumentStandIns.CASE + "/documents%2F..%2Fdecision",
                "/api/supervision/cases/..%2Finternal/documents", "/api/supervision/documents"}) {
            int status = given().urlEncodingEnabled(false).header("Authorization", TOKEN).when().get(path).then().extract().statusCode();
            assertTrue(status == 404 || status == 405, path + " answered " + status);
        }
        // over 30 MB by Content-Length: refused before a byte is read
        assertTrue(declaring(DOCUMENTS + "?kind=EVIDENCE", 30L * 1024 * 1024 + 1).startsWith("HTTP/1.1 413"));
        assertTrue(declaring("/api/supervision/archives/verification", 30L * 1024 * 1024 + 1).startsWith("HTTP/1.1 413"));
        // and elsewhere under supervision 512 KB, whatever the path's neighbours take
        assertTrue(declaring("/api/supervision/cases/" + CaseDocumentStandIns.CASE + "/reply", 600 * 1024).startsWith("HTTP/1.1 413"));
        assertEquals(before, StubServices.INTERNAL_HITS.get(), "nothing reached supervision: " + CaseDocumentStandIns.REQUESTS
                + RetentionStandIns.REQUESTS);
    }

    /**
     * A POST that declares {@code length} bytes and sends a few: the console's answer's status line. (A client sending
     * the whole body meets a closed connection once the console has answered.)
     */
    private static String declaring(String path, long length) {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", io.restassured.RestAssured.port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: " + TOKEN
                    + "\r\nContent-Type: application/octet-stream\r\nContent-Length: " + length + "\r\n\r\n%PDF")
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            return new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(),
                    java.nio.charset.StandardCharsets.US_ASCII)).readLine();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void anArchiveToVerifyStreamsToSupervisionForPostOnly() {
        byte[] zip = new byte[2 * 1024 * 1024];
        zip[0] = 'P';
        zip[1] = 'K';
        given().header("Authorization", TOKEN).contentType("application/zip").body(zip)
                .when().post("/api/supervision/archives/verification")
                .then().statusCode(200).body("verified", equalTo(true)).body("entries[1].name", equalTo("materials/scan-1.pdf"));
        assertEquals(List.of("POST /archives/verification application/zip; charset=ISO-8859-1 " + zip.length + " bytes by forwarding-handler"),
                RetentionStandIns.REQUESTS);
        for (String method : new String[] {"GET", "PUT", "DELETE"}) {
            int status = given().header("Authorization", TOKEN).contentType("application/zip").body(new byte[] {1})
                    .when().request(method, "/api/supervision/archives/verification").then().extract().statusCode();
            assertTrue(status == 404 || status == 405, method + " answered " + status);
        }
        given().urlEncodingEnabled(false).header("Authorization", TOKEN).contentType("application/zip").body(zip)
                .when().post("/api/supervision/archives/verification?as=other").then().statusCode(200);
        assertEquals(2, RetentionStandIns.REQUESTS.size(), "no other method reached supervision: " + RetentionStandIns.REQUESTS);
        assertEquals(RetentionStandIns.REQUESTS.get(0), RetentionStandIns.REQUESTS.get(1), "no query goes on");
        // elsewhere a body still has at most 512 KB
        given().header("Authorization", TOKEN).contentType(ContentType.JSON).body(new byte[600 * 1024])
                .when().post("/api/supervision/retention/runs").then().statusCode(413);
    }
}

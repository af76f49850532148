package gov.petitions.supervision;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import gov.petitions.supervision.service.CaseExport;
import gov.petitions.testing.KafkaProbe;
import gov.petitions.testing.TestSecrets;
import gov.petitions.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The export of a queue (导出): exactly the queue's cases (scope and recusal as the queue has them), CSV that Excel
 * opens as UTF-8 and XLSX with Chinese headers, free texts masked unless a supervisor or leader asks with a purpose,
 * every export on record, and 100,000 rows streamed from a cursor rather than gathered first.
 */
@QuarkusTest
@QuarkusTestResource(TestSecrets.class)
class CaseExportTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String HEADER = "信访件编号,状态,承办单位,层级,问题类别,问题属地,信访渠道,人数,收到日期,登记时间,办理期限,"
            + "是否超期,重复信访,领导接访,督办次数,答复时间,不予受理理由,答复意见,信访人评价意见,案件标识";

    @Inject
    DataSource db;

    @Inject
    CaseExport export;

    static String openCase(String category, String location, List<String> accused, String unit, String level) throws Exception {
        String id = UUID.randomUUID().toString();
        OffsetDateTime at = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MILLIS);
        KafkaProbe.send("petition.registered", id, "gov.petition.petition.registered.v1", UUID.randomUUID(),
                withCategory(ScopeAndRecusalTest.registered(id, location, accused, at), category));
        KafkaProbe.send("case.assigned", id, "gov.petition.case.assigned.v1", UUID.randomUUID(),
                withCategory(ScopeAndRecusalTest.assigned(id, location, 1, unit, level, at), category));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(TestTokens.auditor())
                .get("/ledger/" + id).then().statusCode(200).body("status", equalTo("ASSIGNED"))
                .body("categoryCode", equalTo(category)));
        // the two events come on two topics: when case.assigned was applied first, the entry exists before its
        // accusation is known, and until then a supervisor is shown nothing of it (fail closed). The province's
        // supervisor, whom no county's or city's accusation recuses, sees it once petition.registered is applied too
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(TestTokens.supervisor("34"))
                .get("/ledger/" + id).then().statusCode(200));
        return id;
    }

    private static String withCategory(String json, String category) throws Exception {
        ObjectNode data = (ObjectNode) JSON.readTree(json);
        data.put("categoryCode", category);
        return JSON.writeValueAsString(data);
    }

    static String category() {
        return "export-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static Response csv(String token, Map<String, Object> query) {
        return given().auth().oauth2(token).queryParams(query).get("/cases/export");
    }

    /** The rows of a CSV export (header first), after checking the byte-order mark and the header. */
    static List<List<String>> parse(byte[] body) {
        assertTrue(body.length >= 3, "a file");
        assertArrayEquals(new byte[]{(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, Arrays.copyOf(body, 3),
                "UTF-8 with a byte-order mark, so that Excel reads Chinese right");
        String text = new String(body, 3, body.length - 3, StandardCharsets.UTF_8);
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cell.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                row.add(cell.toString());
                cell.setLength(0);
            } else if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                row.add(cell.toString());
                cell.setLength(0);
                rows.add(row);
                row = new ArrayList<>();
                i++;
            } else {
                cell.append(c);
            }
        }
        assertTrue(row.isEmpty() && cell.isEmpty(), "every row ends with CRLF");
        assertEquals(List.of(HEADER.split(",")), rows.get(0), "the Chinese headers");
        return rows;
    }

    private static List<String> ids(List<List<String>> rows) {
        return rows.stream().skip(1).map(r -> r.get(r.size() - 1)).toList();
    }

    private Map<String, Object> audit(long id) throws Exception {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(
                "select exported_by, role, scope, format, filter, purpose, personal_data, row_count, outcome,"
                        + " finished_at from case_export where id = ?")) {
            s.setLong(1, id);
            try (ResultSet r = s.executeQuery()) {
                assertTrue(r.next(), "an audit record for export " + id);
                Map<String, Object> row = new HashMap<>();
                for (String column : List.of("exported_by", "role", "scope", "format", "filter", "purpose",
                        "personal_data", "row_count", "outcome", "finished_at")) {
                    row.put(column, r.getObject(column));
                }
                return row;
            }
        }
    }

    @Test
    void anExportHoldsTheQueuesCasesAndNeverOneThatRecusesTheCaller() throws Exception {
        String category = category();
        // 萧县 (341322) accuses its own 人社局, so 宿州市人社局 holds it; 埇桥区's and 萧县's own cases beside it
        String accusation = openCase(category, "341322", List.of("341322-RSJ"), "3413-RSJ", "CITY");
        String county = openCase(category, "341322", List.of(), "341322-RSJ", "COUNTY");
        String other = openCase(category, "341302", List.of(), "341302-RSJ", "COUNTY");
        Map<String, Object> filter = Map.of("status", "ASSIGNED", "category", category);

        Response city = csv(TestTokens.supervisor("3413"), filter);
        city.then().statusCode(200).contentType(startsWith("text/csv"));
        List<List<String>> rows = parse(city.asByteArray());
        assertEquals(Set.of(accusation, county, other), Set.copyOf(ids(rows)));
        int queued = given().auth().oauth2(TestTokens.supervisor("3413")).queryParams(filter).get("/cases/queue")
                .then().statusCode(200).extract().path("total");
        assertEquals(queued, rows.size() - 1, "the queue's total, all of it");
        List<String> row = rows.stream().filter(r -> r.get(19).equals(accusation)).findFirst().orElseThrow();
        assertEquals("已交办待受理", row.get(1));
        assertEquals("3413-RSJ", row.get(2));
        assertEquals("市级", row.get(3));
        assertEquals(category, row.get(4));
        assertTrue(row.get(10).matches("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}"), "the deadline in China's time: " + row.get(10));
        assertEquals("否", row.get(11));

        // the accused county's supervisor and the accused unit: their own cases, never the accusation
        assertEquals(List.of(county), ids(parse(csv(TestTokens.supervisor("341322"), filter).then().statusCode(200)
                .extract().asByteArray())));
        assertEquals(List.of(county), ids(parse(csv(TestTokens.handler("341322-RSJ"), filter).then().statusCode(200)
                .extract().asByteArray())));
        // another city: nothing, and an empty file is still a file with its headers
        assertEquals(List.of(), ids(parse(csv(TestTokens.supervisor("3415"), filter).then().statusCode(200)
                .extract().asByteArray())));

        long id = Long.parseLong(city.header("Export-Id"));
        Map<String, Object> record = audit(id);
        assertEquals("COMPLETED", record.get("outcome"));
        assertEquals(3L, ((Number) record.get("row_count")).longValue());
        assertEquals("supervisor", record.get("role"));
        assertEquals("jurisdiction 3413", record.get("scope"));
        assertEquals("CSV", record.get("format"));
        assertEquals("status=ASSIGNED&category=" + category, record.get("filter"));
        assertEquals(false, record.get("personal_data"));
        assertNotNull(record.get("finished_at"));
        assertTrue(city.header("Content-Disposition").startsWith("attachment; filename=\"cases-"), city.header("Content-Disposition"));
    }

    @Test
    void freeTextsAreMaskedUnlessASupervisorOrLeaderAsksWithAPurpose() throws Exception {
        String category = category();
        String id = openCase(category, "341302", List.of(), "341302-RSJ", "COUNTY");
        String reason = "不属于信访事项，请向法院起诉，联系人张三，电话13812345678";
        given().auth().oauth2(TestTokens.handler("341302-RSJ")).contentType(ContentType.JSON)
                .body(Map.of("accepted", false, "reason", reason)).post("/cases/" + id + "/decision").then().statusCode(200);
        Map<String, Object> filter = new HashMap<>(Map.of("status", "NOT_ACCEPTED", "category", category));

        Response masked = csv(TestTokens.supervisor("3413"), filter);
        String maskedText = new String(masked.then().statusCode(200).extract().asByteArray(), StandardCharsets.UTF_8);
        assertFalse(maskedText.contains("13812345678") || maskedText.contains("张三"), maskedText);
        assertEquals("〔已隐去〕", parse(masked.asByteArray()).get(1).get(16));

        filter.put("personalData", true);
        // a unit's handler never takes personal data out; nobody without saying why
        csv(TestTokens.handler("341302-RSJ"), filter).then().statusCode(403).contentType("application/problem+json")
                .body("type", endsWith("/personal-data-not-allowed"));
        csv(TestTokens.supervisor("3413"), filter).then().statusCode(400).contentType("application/problem+json")
                .body("type", endsWith("/purpose-required"));

        filter.put("purpose", "市联席会议研判");
        Response full = csv(TestTokens.leader("3413"), filter);
        List<List<String>> rows = parse(full.then().statusCode(200).extract().asByteArray());
        assertEquals(reason, rows.get(1).get(16));
        Map<String, Object> record = audit(Long.parseLong(full.header("Export-Id")));
        assertEquals(true, record.get("personal_data"));
        assertEquals("市联席会议研判", record.get("purpose"));
        assertEquals("leader", record.get("role"));
        assertEquals(1L, ((Number) record.get("row_count")).longValue());
        assertEquals("leader-3413", record.get("exported_by"));
        Map<String, Object> maskedRecord = audit(Long.parseLong(masked.header("Export-Id")));
        assertEquals(false, maskedRecord.get("personal_data"));

        // the audit record is evidence: finished once, never changed or removed
        try (Connection c = db.getConnection(); var s = c.createStatement()) {
            assertThrowsSql(() -> s.executeUpdate("update case_export set row_count = 0 where id = " + full.header("Export-Id")));
            assertThrowsSql(() -> s.executeUpdate("delete from case_export where id = " + full.header("Export-Id")));
        }
    }

    private interface Sql {
        void run() throws Exception;
    }

    private static void assertThrowsSql(Sql sql) {
        try {
            sql.run();
        } catch (Exception e) {
            assertTrue(e.getMessage().contains("append-only"), e.getMessage());
            return;
        }
        throw new AssertionError("the change went through");
    }

    @Test
    void xlsxOpensWithChineseHeadersAndEveryRow() throws Exception {
        String category = category();
        String first = openCase(category, "341302", List.of(), "341302-RSJ", "COUNTY");
        String second = openCase(category, "341302", List.of(), "341302-RSJ", "COUNTY");
        Response response = given().auth().oauth2(TestTokens.supervisor("3413"))
                .queryParams(Map.of("format", "xlsx", "category", category)).get("/cases/export");
        response.then().statusCode(200)
                .contentType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        String sheet = null;
        List<String> names = new ArrayList<>();
        // the zip as a spreadsheet program reads it: by its central directory (the entries were streamed, their
        // sizes follow them in data descriptors)
        java.nio.file.Path file = java.nio.file.Files.createTempFile("export", ".xlsx");
        try {
            java.nio.file.Files.write(file, response.asByteArray());
            try (ZipFile zip = new ZipFile(file.toFile())) {
                for (ZipEntry e : java.util.Collections.list(zip.entries())) {
                    names.add(e.getName());
                    if (e.getName().equals("xl/worksheets/sheet1.xml")) {
                        try (InputStream in = zip.getInputStream(e)) {
                            sheet = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                        }
                    }
                }
            }
        } finally {
            java.nio.file.Files.deleteIfExists(file);
        }
        assertTrue(names.containsAll(List.of("[Content_Types].xml", "xl/workbook.xml", "xl/worksheets/sheet1.xml")), names.toString());
        assertNotNull(sheet);
        // read as XML: fastexcel writes Chinese as character references (&#x4fe1;…), which any XML reader resolves
        org.w3c.dom.Document xml = javax.xml.parsers.DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new org.xml.sax.InputSource(new java.io.StringReader(sheet)));
        org.w3c.dom.NodeList rowNodes = xml.getElementsByTagName("row");
        List<List<String>> rows = new ArrayList<>();
        for (int r = 0; r < rowNodes.getLength(); r++) {
            org.w3c.dom.NodeList cells = ((org.w3c.dom.Element) rowNodes.item(r)).getElementsByTagName("c");
            // an empty cell is not written: place each by its reference (A2 … T2)
            List<String> row = new ArrayList<>(java.util.Collections.nCopies(HEADER.split(",").length, (String) null));
            for (int c = 0; c < cells.getLength(); c++) {
                org.w3c.dom.Element cell = (org.w3c.dom.Element) cells.item(c);
                row.set(cell.getAttribute("r").charAt(0) - 'A', cell.getTextContent());
            }
            rows.add(row);
        }
        assertEquals(3, rows.size(), "the header and two rows");
        assertEquals(List.of(HEADER.split(",")), rows.get(0), "the Chinese headers");
        assertEquals(Set.of(first, second), Set.of(rows.get(1).get(rows.get(1).size() - 1), rows.get(2).get(rows.get(2).size() - 1)));
        assertEquals("已交办待受理", rows.get(1).get(1));
        assertEquals("1", rows.get(1).get(7), "人数 as a number");
        assertEquals("XLSX", audit(Long.parseLong(response.header("Export-Id"))).get("format"));
    }

    @Test
    void aBadFilterOrACallerWhoMayNotExportGetsAProblem() {
        String supervisor = TestTokens.supervisor("3413");
        given().auth().oauth2(supervisor).queryParam("status", "NOPE_NOPE").get("/cases/export").then().statusCode(400)
                .contentType("application/problem+json");
        given().auth().oauth2(supervisor).queryParam("format", "pdf").get("/cases/export").then().statusCode(400)
                .contentType("application/problem+json");
        given().auth().oauth2(supervisor).queryParam("category", "'; drop table ledger_entry; --").get("/cases/export")
                .then().statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(supervisor).queryParam("purpose", "x".repeat(201)).get("/cases/export").then().statusCode(400)
                .contentType("application/problem+json");
        given().auth().oauth2(TestTokens.clerk("3413")).get("/cases/export").then().statusCode(403);
        given().auth().oauth2(TestTokens.auditor()).get("/cases/export").then().statusCode(403);
        given().get("/cases/export").then().statusCode(401);
        // a supervisor whose token names no jurisdiction exports nothing, rather than everything
        given().auth().oauth2(TestTokens.token("supervisor-none", Set.of("supervisor"), null, null)).get("/cases/export")
                .then().statusCode(403).contentType("application/problem+json").body("type", endsWith("/no-jurisdiction"));
    }

    /**
     * 100,000 rows put straight into the ledger, exported through a socket whose receive window is a few KB. The
     * client reads the first bytes and stops reading: an export that gathered its rows first would have read all
     * 100,000 by then; a streamed one is held back by the unread socket, far short of them. Then every row arrives.
     */
    @Test
    void aHundredThousandRowsAreStreamedNotGathered() throws Exception {
        String category = category();
        int total = 100_000;
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(
                "insert into ledger_entry (petition_id, tracking_number, status, unit_code, level, category_code,"
                        + " location_code, person_count, registered_at, received_on, assigned_at, accepted_at,"
                        + " handling_due_at, updated_at, channel, accused_unit_codes)"
                        + " select gen_random_uuid(), 'XB' || lpad(g::text, 14, '0'), 'ACCEPTED', '349901-RSJ', 'COUNTY', ?,"
                        + " '349901', 1, now() - interval '1 day', current_date, now(), now(), now() + interval '60 days',"
                        + " now(), 'WALK_IN', '{}'::varchar(64)[] from generate_series(1, ?) g")) {
            s.setString(1, category);
            s.setInt(2, total);
            assertEquals(total, s.executeUpdate());
        }
        try {
            try (Socket socket = new Socket()) {
                socket.setReceiveBufferSize(4096);
                socket.connect(new InetSocketAddress("127.0.0.1", RestAssured.port), 5000);
                socket.setSoTimeout(60_000);
                OutputStream out = socket.getOutputStream();
                out.write(("GET /cases/export?status=ACCEPTED&category=" + category + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                        + "Authorization: Bearer " + TestTokens.supervisor("3499") + "\r\nConnection: close\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.flush();
                InputStream in = socket.getInputStream();
                Map<String, String> headers = headers(in);
                assertEquals("200", headers.get(":status"), headers.toString());
                long id = Long.parseLong(headers.get("export-id"));
                InputStream body = "chunked".equalsIgnoreCase(headers.get("transfer-encoding")) ? new Chunked(in) : in;
                byte[] start = body.readNBytes(8192);
                assertEquals(8192, start.length);

                // the client has stopped reading: the server must stall well short of the end and stay there
                long[] seen = {-2};
                await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() -> {
                    long now = export.rowsRead(id);
                    boolean still = now == seen[0];
                    seen[0] = now;
                    return still;
                });
                long stalledAt = export.rowsRead(id);
                assertNotEquals(-1, stalledAt, "the export is still being written while the client does not read");
                assertTrue(stalledAt < total, "read " + stalledAt + " of " + total + " rows before the client read on");
                System.out.printf("export %d: stalled at %d of %d rows while the client did not read%n", id, stalledAt, total);

                long lines = count(start) + count(body);
                assertEquals(total + 1, lines, "the header and every row");
                Map<String, Object> record = audit(id);
                assertEquals((long) total, ((Number) record.get("row_count")).longValue());
                assertEquals("COMPLETED", record.get("outcome"));
            }
            // a download cancelled half-way is on record too: FAILED, with the rows that went out until then
            try (Socket socket = new Socket()) {
                socket.setReceiveBufferSize(4096);
                socket.connect(new InetSocketAddress("127.0.0.1", RestAssured.port), 5000);
                socket.setSoTimeout(60_000);
                socket.getOutputStream().write(("GET /cases/export?status=ACCEPTED&category=" + category + " HTTP/1.1\r\n"
                        + "Host: 127.0.0.1\r\nAuthorization: Bearer " + TestTokens.supervisor("3499") + "\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                Map<String, String> headers = headers(socket.getInputStream());
                long cancelled = Long.parseLong(headers.get("export-id"));
                assertEquals(8192, socket.getInputStream().readNBytes(8192).length);
                socket.setSoLinger(true, 0); // a reset, as a browser's cancel
                socket.close();
                await().atMost(Duration.ofSeconds(30)).until(() -> "FAILED".equals(audit(cancelled).get("outcome")));
                long sent = ((Number) audit(cancelled).get("row_count")).longValue();
                assertTrue(sent < total, "the rows read until the client went away: " + sent);
            }
        } finally {
            try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(
                    "delete from ledger_entry where category_code = ?")) {
                s.setString(1, category);
                s.executeUpdate();
            }
        }
    }

    private static long count(byte[] bytes) {
        long n = 0;
        for (byte b : bytes) {
            if (b == '\n') {
                n++;
            }
        }
        return n;
    }

    private static long count(InputStream in) throws IOException {
        long n = 0;
        byte[] buffer = new byte[64 * 1024];
        for (int r; (r = in.read(buffer)) >= 0; ) {
            for (int i = 0; i < r; i++) {
                if (buffer[i] == '\n') {
                    n++;
                }
            }
        }
        return n;
    }

    /** The status line and headers of an HTTP/1.1 answer (names in lower case; the status as ":status"). */
    private static Map<String, String> headers(InputStream in) throws IOException {
        Map<String, String> headers = new HashMap<>();
        String status = line(in);
        headers.put(":status", status.split(" ")[1]);
        for (String line; !(line = line(in)).isEmpty(); ) {
            int colon = line.indexOf(':');
            headers.put(line.substring(0, colon).strip().toLowerCase(), line.substring(colon + 1).strip());
        }
        return headers;
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b; (b = in.read()) != '\n'; ) {
            if (b < 0) {
                throw new IOException("the connection closed in the headers");
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }

    /** HTTP/1.1 chunked transfer coding, decoded. */
    private static final class Chunked extends InputStream {
        private final InputStream in;
        private long left;
        private boolean done;

        Chunked(InputStream in) {
            this.in = in;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (done) {
                return -1;
            }
            if (left == 0) {
                String size = line(in);
                int semicolon = size.indexOf(';');
                left = Long.parseLong((semicolon < 0 ? size : size.substring(0, semicolon)).strip(), 16);
                if (left == 0) {
                    done = true;
                    return -1;
                }
            }
            int r = in.read(b, off, (int) Math.min(len, left));
            if (r < 0) {
                throw new IOException("the connection closed inside a chunk");
            }
            left -= r;
            if (left == 0) {
                line(in); // the CRLF after the chunk
            }
            return r;
        }
    }
}

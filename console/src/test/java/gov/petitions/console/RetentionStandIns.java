package gov.petitions.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * supervision's retention and archiving (信访档案, issue 22) as the retention page meets it (RetentionBrowserTest,
 * RetentionForwardingTest), in the shape of supervision's RetentionResource and ArchiveResource: {@code POST
 * /retention/runs} {"dryRun"} → 202 with the run (admin only), {@code GET /retention/runs} (a list of runs: total,
 * pending, archived, failed, skipped, wouldArchive), {@code GET /retention/runs/{id}} → {run, page, size, items}, items
 * PENDING / ARCHIVED / FAILED / SKIPPED, a dry run's WOULD_ARCHIVE; the archive named by the case's id with its
 * X-Archive-SHA256, its manifest's entries. A run started here advances one case each time it is read, so the page's
 * refreshing shows it progress.
 * {@link #SEEDED} is a finished real run: one case archived ({@link #ARCHIVED}, its zip and manifest under
 * {@code /archives}), one failed. Every request that reaches here is recorded as "METHOD path [body]".
 */
final class RetentionStandIns {

    static final String SEEDED = "5c0a1b2c-3d4e-4f50-8a6b-7c8d9e0f1a2b";
    static final String ARCHIVED = "6d1b2c3d-4e5f-4a61-9b7c-8d9e0f1a2b3c";
    static final String ARCHIVED_TRACKING = "XF20161104000101";
    static final String FAILED = "7e2c3d4e-5f60-4b72-8c8d-9e0f1a2b3c4d";
    /** What the page saves the archive as: supervision names it by the case's id, the page by its tracking number. */
    static final String FILE_NAME = "信访档案-XF20161104000101.zip";
    static final String SHA256 = "3b5d5c3712955042212316173ccf37be800f8f7ab0d12f2e0a0e1c0cdd6b77a4";
    /** A zip's first bytes and then some: what the page saves must be these, byte for byte. */
    static final byte[] ZIP = zip();
    /** The cases a new run finds past their retention period. */
    static final String[][] DUE = {
            {"8f3d4e5f-6071-4c83-9d9e-0f1a2b3c4d5e", "XF20161201000201", "2016-12-20T10:00:00+08:00", "2026-12-20T00:00:00+08:00"},
            {"904e5f60-7182-4d94-8eaf-1a2b3c4d5e6f", "XF20161202000202", "2016-12-21T10:00:00+08:00", "2026-12-21T00:00:00+08:00"},
            {"a15f6071-8293-4ea5-9fb0-2b3c4d5e6f70", "XF20161203000203", "2016-12-22T10:00:00+08:00", "2026-12-22T00:00:00+08:00"}};
    private static final ObjectMapper MAPPER = new ObjectMapper();

    static final List<String> REQUESTS = new CopyOnWriteArrayList<>();
    /** Started runs: id → [dryRun, how many of DUE are done, who]. */
    private static final Map<String, Object[]> RUNS = new ConcurrentHashMap<>();
    private static final List<String> ORDER = new CopyOnWriteArrayList<>();
    private static final AtomicInteger IDS = new AtomicInteger();

    private RetentionStandIns() {
    }

    static void reset() {
        REQUESTS.clear();
        RUNS.clear();
        ORDER.clear();
    }

    /** The requests of one subject (each test signs in as its own). */
    static List<String> requestsOf(String subject) {
        return REQUESTS.stream().filter(r -> r.endsWith(" by " + subject)).toList();
    }

    static void register(HttpServer server) {
        server.createContext("/retention/runs", exchange -> {
            String path = exchange.getRequestURI().getPath();
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String who = LedgerLinkStandIns.subject(exchange);
            REQUESTS.add(exchange.getRequestMethod() + " " + path + (body.isEmpty() ? "" : " " + body) + " by " + who);
            StubServices.INTERNAL_HITS.incrementAndGet(); // it reached the service (RetentionForwardingTest counts)
            String method = exchange.getRequestMethod();
            if (path.equals("/retention/runs") && method.equals("GET")) {
                List<String> runs = new ArrayList<>();
                for (int i = ORDER.size() - 1; i >= 0; i--) {
                    runs.add(run(ORDER.get(i)));
                }
                runs.add(seeded());
                json(exchange, 200, "[" + String.join(",", runs) + "]");
            } else if (path.equals("/retention/runs") && method.equals("POST")) {
                if (!groups(exchange).contains("admin")) {
                    problem(exchange, 403, "forbidden", "Forbidden", "Only an admin starts a retention run");
                    return;
                }
                JsonNode request = MAPPER.readTree(body.isEmpty() ? "{}" : body);
                String id = String.format("00000000-0000-4000-8000-%012d", IDS.incrementAndGet());
                RUNS.put(id, new Object[] {request.path("dryRun").asBoolean(true), 0, who});
                ORDER.add(id);
                json(exchange, 202, run(id));
            } else if (path.startsWith("/retention/runs/") && method.equals("GET")) {
                String id = path.substring("/retention/runs/".length());
                if (id.equals(SEEDED)) {
                    json(exchange, 200, "{\"run\":" + seeded() + ",\"page\":0,\"size\":100,\"items\":" + seededItems() + "}");
                } else if (RUNS.containsKey(id)) {
                    String answer = "{\"run\":" + run(id) + ",\"page\":0,\"size\":100,\"items\":" + items(id) + "}";
                    Object[] state = RUNS.get(id);
                    state[1] = Math.min(DUE.length, (int) state[1] + 1); // one more case each time it is read
                    json(exchange, 200, answer);
                } else {
                    problem(exchange, 404, "not-found", "Not found", "No such run");
                }
            } else {
                problem(exchange, 405, "method-not-allowed", "Method not allowed", "no");
            }
        });
        // 校验档案: supervision's ArchiveVerifier.Result for the zip sent; a zip holding TAMPERED_MARK is answered as one
        // whose materials/scan-1.pdf was changed after archiving, anything else as intact
        server.createContext("/archives/verification", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String type = exchange.getRequestHeaders().getFirst("Content-Type");
            String query = exchange.getRequestURI().getRawQuery();
            REQUESTS.add(exchange.getRequestMethod() + " /archives/verification" + (query == null ? "" : "?" + query) + " " + type + " " + body.length + " bytes by "
                    + LedgerLinkStandIns.subject(exchange));
            StubServices.INTERNAL_HITS.incrementAndGet();
            if (!exchange.getRequestMethod().equals("POST")) {
                problem(exchange, 405, "method-not-allowed", "Method not allowed", "POST only");
            } else if (type == null || !type.split(";")[0].strip().equals("application/zip")) {
                problem(exchange, 415, "unsupported-media-type", "Send the archive as application/zip",
                        "Content-Type must be application/zip: the archive file as it was downloaded");
            } else {
                boolean tampered = new String(body, StandardCharsets.ISO_8859_1).contains(TAMPERED_MARK);
                json(exchange, 200, verification(tampered));
            }
        });
        server.createContext("/archives/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            REQUESTS.add(exchange.getRequestMethod() + " " + path + " by " + LedgerLinkStandIns.subject(exchange));
            StubServices.INTERNAL_HITS.incrementAndGet();
            if (!exchange.getRequestMethod().equals("GET")) {
                problem(exchange, 405, "method-not-allowed", "Method not allowed", "no");
            } else if (path.equals("/archives/" + ARCHIVED)) {
                exchange.getResponseHeaders().add("Content-Type", "application/zip");
                exchange.getResponseHeaders().add("Content-Disposition", "attachment; filename=\"" + ARCHIVED + ".zip\"");
                exchange.getResponseHeaders().add("X-Archive-SHA256", SHA256);
                exchange.sendResponseHeaders(200, ZIP.length);
                exchange.getResponseBody().write(ZIP);
                exchange.close();
            } else if (path.equals("/archives/" + ARCHIVED + "/manifest")) {
                json(exchange, 200, "{\"petitionId\":\"" + ARCHIVED + "\",\"trackingNumber\":\"" + ARCHIVED_TRACKING + "\",\"format\":\"petitions-archive/1\",\"entries\":["
                        + "{\"name\":\"case.json\",\"size\":2048,\"sha256\":\"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08\"},"
                        + "{\"name\":\"materials/scan-1.pdf\",\"size\":40960,\"sha256\":\"60303ae22b998861bce3b28f33eec1be758a213c86c93c076dbe9f558c11c752\"}]}");
            } else {
                problem(exchange, 404, "not-found", "Not found", "No archive of this case");
            }
        });
    }

    /** What a zip to verify holds when the stand-in is to answer that it was tampered with. */
    static final String TAMPERED_MARK = "TAMPERED";
    static final String CASE_JSON_SHA = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
    static final String SCAN_SHA = "60303ae22b998861bce3b28f33eec1be758a213c86c93c076dbe9f558c11c752";
    static final String CHANGED_SHA = "b5bb9d8014a0f9b1d61e21e796d78dccdf1352f23cd32812f4850b878ae4944c";

    private static String verification(boolean tampered) {
        return "{\"verified\":" + !tampered + ",\"archiveId\":\"0a1b2c3d-4e5f-4a60-8b7c-9d0e1f2a3b4c\",\"petitionId\":\"" + ARCHIVED
                + "\",\"trackingNumber\":\"" + ARCHIVED_TRACKING + "\",\"sha256\":\"" + SHA256 + "\",\"entries\":["
                + "{\"name\":\"case.json\",\"status\":\"OK\",\"expectedSha256\":\"" + CASE_JSON_SHA + "\",\"actualSha256\":\"" + CASE_JSON_SHA + "\"},"
                + "{\"name\":\"materials/scan-1.pdf\",\"status\":\"" + (tampered ? "MISMATCH" : "OK") + "\",\"expectedSha256\":\"" + SCAN_SHA
                + "\",\"actualSha256\":\"" + (tampered ? CHANGED_SHA : SCAN_SHA) + "\"}],"
                + "\"timeline\":{\"verified\":true,\"entries\":4,\"head\":\"" + "cd".repeat(32) + "\",\"brokenAtPosition\":null,\"reason\":null},"
                + "\"anchors\":[{\"day\":\"2016-10-21\",\"position\":4,\"status\":\"OK\"}]}";
    }

    private static String run(String id) {
        Object[] state = RUNS.get(id);
        boolean dryRun = (boolean) state[0];
        int done = (int) state[1];
        return "{\"id\":\"" + id + "\",\"dryRun\":" + dryRun + ",\"triggeredBy\":\"" + state[2] + "\",\"triggeredRole\":\"admin\","
                + "\"startedAt\":\"2026-12-06T10:00:00+08:00\",\"finishedAt\":"
                + (done == DUE.length ? "\"2026-12-06T10:00:05+08:00\"" : "null") + ",\"total\":" + DUE.length
                + ",\"pending\":" + (DUE.length - done) + ",\"archived\":" + (dryRun ? 0 : done) + ",\"failed\":0,\"skipped\":0"
                + ",\"wouldArchive\":" + (dryRun ? done : 0) + "}";
    }

    private static String items(String id) {
        Object[] state = RUNS.get(id);
        boolean dryRun = (boolean) state[0];
        List<String> items = new ArrayList<>();
        for (int i = 0; i < DUE.length; i++) {
            boolean done = i < (int) state[1];
            items.add(item(DUE[i][0], DUE[i][1], DUE[i][2], DUE[i][3], done ? (dryRun ? "WOULD_ARCHIVE" : "ARCHIVED") : "PENDING", null));
        }
        return "[" + String.join(",", items) + "]";
    }

    private static String seeded() {
        return "{\"id\":\"" + SEEDED + "\",\"dryRun\":false,\"triggeredBy\":\"admin-1\",\"triggeredRole\":\"admin\","
                + "\"startedAt\":\"2026-11-01T02:00:00+08:00\",\"finishedAt\":\"2026-11-01T02:03:00+08:00\",\"total\":2,\"pending\":0,"
                + "\"archived\":1,\"failed\":1,\"skipped\":0,\"wouldArchive\":0}";
    }

    private static String seededItems() {
        return "[" + item(ARCHIVED, ARCHIVED_TRACKING, "2016-10-20T10:00:00+08:00", "2026-10-20T00:00:00+08:00", "ARCHIVED", null)
                + "," + item(FAILED, "XF20161105000102", "2016-10-21T10:00:00+08:00", "2026-10-21T00:00:00+08:00", "FAILED",
                "notification did not confirm the removal") + "]";
    }

    private static String item(String id, String tracking, String closedAt, String dueAt, String state, String reason) {
        return "{\"petitionId\":\"" + id + "\",\"trackingNumber\":\"" + tracking + "\",\"closedAt\":\"" + closedAt + "\","
                + "\"retentionClass\":\"一般\",\"retentionPeriod\":\"P10Y\",\"dueAt\":\"" + dueAt + "\",\"state\":\"" + state + "\",\"reason\":"
                + (reason == null ? "null" : "\"" + reason + "\"") + ",\"attempts\":1,\"updatedAt\":\"2026-12-06T10:00:01+08:00\"}";
    }

    private static String groups(HttpExchange exchange) {
        String auth = String.valueOf(exchange.getRequestHeaders().getFirst("Authorization"));
        String[] parts = auth.replaceFirst("^Bearer ", "").split("\\.");
        try {
            return parts.length == 3 ? MAPPER.readTree(Base64.getUrlDecoder().decode(parts[1])).path("groups").toString() : "";
        } catch (IllegalArgumentException | IOException e) {
            return "";
        }
    }

    private static byte[] zip() {
        byte[] out = new byte[4096];
        out[0] = 'P';
        out[1] = 'K';
        out[2] = 3;
        out[3] = 4;
        for (int i = 4; i < out.length; i++) {
            out[i] = (byte) (i * 31);
        }
        return out;
    }

    private static void problem(HttpExchange exchange, int status, String type, String title, String detail) throws IOException {
        byte[] out = ("{\"type\":\"https://petitions.gov.example/problems/" + type + "\",\"title\":\"" + title + "\",\"status\":"
                + status + ",\"detail\":\"" + detail + "\"}").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/problem+json");
        exchange.sendResponseHeaders(status, out.length);
        exchange.getResponseBody().write(out);
        exchange.close();
    }

    private static void json(HttpExchange exchange, int status, String body) throws IOException {
        byte[] out = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, out.length);
        exchange.getResponseBody().write(out);
        exchange.close();
    }
}

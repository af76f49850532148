package gov.petitions.console;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * supervision's case documents (办理材料, issue 21) as a case's page meets them (CaseDocumentsBrowserTest,
 * CaseDocumentForwardingTest), in the shape of supervision's CaseDocumentResource: {@code GET /cases/{id}/documents}
 * lists DocumentView records (documentId, kind, supports, fileName, sizeBytes, state PENDING/CLEAN/INFECTED, signature,
 * downloadable, uploadedByRole, uploadedByUnit, uploadedAt as supervision sends it); {@code POST} takes the file as the
 * body with its name percent-encoded in X-File-Name and answers 201 PENDING for a PDF (the scan comes later:
 * {@link #scanAll()}), 415 unsupported-document-type for anything else, as supervision sniffs the bytes; {@code GET
 * /cases/{id}/documents/{documentId}} the bytes of a CLEAN one, 409 document-pending / document-quarantined otherwise.
 * Seeded: one clean decision scan (its bytes {@link #CLEAN_BYTES}) and one quarantined piece of evidence.
 * Every request that reaches here is recorded as "METHOD path?query name=… type=… bytes=n".
 */
final class CaseDocumentStandIns {

    static final String CASE = "7d4f2a8e-9b0c-4d1e-8f2a-3b4c5d6e7f80";
    static final String TRACKING = "XF20261205000401";
    static final String CLEAN = "11111111-2222-4333-8444-555555555555";
    static final String INFECTED = "66666666-7777-4888-9999-aaaaaaaaaaaa";
    static final String CLEAN_NAME = "答复意见书（签章）.pdf";
    static final byte[] CLEAN_BYTES = ("%PDF-1.4\n% the signed written decision\n" + "x".repeat(3000) + "\n%%EOF\n")
            .getBytes(StandardCharsets.US_ASCII);

    static final List<String> REQUESTS = new CopyOnWriteArrayList<>();
    /** The documents uploaded here: id → [fileName, kind, supports, size, state]. */
    private static final Map<String, String[]> UPLOADED = new ConcurrentHashMap<>();
    private static final List<String> ORDER = new CopyOnWriteArrayList<>();
    private static final AtomicInteger IDS = new AtomicInteger();

    private CaseDocumentStandIns() {
    }

    static void reset() {
        REQUESTS.clear();
        UPLOADED.clear();
        ORDER.clear();
    }

    /** clamd has answered: every PENDING document is CLEAN now. */
    static void scanAll() {
        UPLOADED.values().forEach(d -> {
            if (d[4].equals("PENDING")) {
                d[4] = "CLEAN";
            }
        });
    }

    static void register(HttpServer server) {
        server.createContext("/ledger/" + CASE, exchange -> json(exchange, 200, ledger()));
        server.createContext("/cases/" + CASE + "/leadership", exchange -> json(exchange, 200,
                "{\"urgeCount\":0,\"instructions\":[],\"minutes\":null,\"team\":null,\"followUps\":[]}"));
        for (String other : new String[] {"/call-backs", "/timeline/verification", "/assignments", "/linked-cases", "/link-suggestions"}) {
            server.createContext("/cases/" + CASE + other, exchange -> problem(exchange, 404, "not-found", "Not found", "no such thing here"));
        }
        server.createContext("/cases/" + CASE + "/documents", CaseDocumentStandIns::documents);
    }

    private static void documents(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getRawPath();
        String query = exchange.getRequestURI().getRawQuery();
        String method = exchange.getRequestMethod();
        byte[] body = exchange.getRequestBody().readAllBytes();
        String name = exchange.getRequestHeaders().getFirst("X-File-Name");
        REQUESTS.add(method + " " + path + (query == null ? "" : "?" + query)
                + (name == null ? "" : " name=" + name) + " type=" + exchange.getRequestHeaders().getFirst("Content-Type")
                + " bytes=" + body.length + " by " + LedgerLinkStandIns.subject(exchange));
        StubServices.INTERNAL_HITS.incrementAndGet(); // it reached the service (the forwarding test counts)
        String base = "/cases/" + CASE + "/documents";
        if (path.equals(base) && method.equals("GET")) {
            List<String> views = new ArrayList<>();
            views.add(view(CLEAN, CLEAN_NAME, "DECISION_SCAN", "REPLIED", CLEAN_BYTES.length, "CLEAN", "handler", "341302-RSJ",
                    "2026-12-05T02:15:00Z"));
            views.add(view(INFECTED, "现场照片.pdf", "EVIDENCE", null, 20_480, "INFECTED", "clerk", "341302", "2026-12-05T03:00:00Z"));
            for (String id : ORDER) {
                String[] d = UPLOADED.get(id);
                views.add(view(id, d[0], d[1], d[2], Long.parseLong(d[3]), d[4], "handler", "341302-RSJ", "2026-12-06T01:30:00Z"));
            }
            json(exchange, 200, "[" + String.join(",", views) + "]");
        } else if (path.equals(base) && method.equals("POST")) {
            String kind = param(query, "kind");
            if (kind == null) {
                problem(exchange, 400, "missing-kind", "The document's kind is missing", "kind must be one of [EVIDENCE, DECISION_SCAN, OTHER]");
            } else if (body.length < 4 || !new String(body, 0, 4, StandardCharsets.ISO_8859_1).equals("%PDF")) {
                problem(exchange, 415, "unsupported-document-type", "不支持的文件类型",
                        "该文件是可执行程序，不是 PDF、JPEG、PNG 或 TIFF（文件类型按内容识别）");
            } else {
                String id = String.format("00000000-0000-4000-9000-%012d", IDS.incrementAndGet());
                String fileName = name == null ? "document.pdf" : URLDecoder.decode(name.replace("+", "%2B"), StandardCharsets.UTF_8);
                UPLOADED.put(id, new String[] {fileName, kind, param(query, "supports"), String.valueOf(body.length), "PENDING"});
                ORDER.add(id);
                exchange.getResponseHeaders().add("Location", base + "/" + id);
                json(exchange, 201, view(id, fileName, kind, param(query, "supports"), body.length, "PENDING", "handler",
                        "341302-RSJ", "2026-12-06T01:30:00Z"));
            }
        } else if (path.startsWith(base + "/") && method.equals("GET")) {
            String id = path.substring(base.length() + 1);
            String state = id.equals(CLEAN) ? "CLEAN" : id.equals(INFECTED) ? "INFECTED"
                    : UPLOADED.containsKey(id) ? UPLOADED.get(id)[4] : null;
            if (state == null) {
                problem(exchange, 404, "not-found", "Not found", "No such document");
            } else if (state.equals("PENDING")) {
                problem(exchange, 409, "document-pending", "Document not scanned yet", "The document waits for the virus scan");
            } else if (state.equals("INFECTED")) {
                problem(exchange, 409, "document-quarantined", "Document quarantined", "The virus scan found something");
            } else {
                byte[] content = id.equals(CLEAN) ? CLEAN_BYTES : ("%PDF-uploaded " + id).getBytes(StandardCharsets.US_ASCII);
                exchange.getResponseHeaders().add("Content-Type", "application/pdf");
                exchange.getResponseHeaders().add("Content-Disposition", "attachment; filename=\"document.pdf\"; filename*=UTF-8''"
                        + java.net.URLEncoder.encode(id.equals(CLEAN) ? CLEAN_NAME : UPLOADED.get(id)[0], StandardCharsets.UTF_8).replace("+", "%20"));
                exchange.getResponseHeaders().add("X-Content-Type-Options", "nosniff");
                exchange.getResponseHeaders().add("Content-Security-Policy", "sandbox");
                exchange.getResponseHeaders().add("Set-Cookie", "tracking=1");
                exchange.sendResponseHeaders(200, content.length);
                exchange.getResponseBody().write(content);
                exchange.close();
            }
        } else {
            problem(exchange, 405, "method-not-allowed", "Method not allowed", "no");
        }
    }

    private static String view(String id, String fileName, String kind, String supports, long size, String state, String role,
                               String unit, String at) {
        String stateText = switch (state) {
            case "PENDING" -> "待查毒 (waiting for the virus scan)";
            case "CLEAN" -> "已查毒 (scanned, clean)";
            default -> "已隔离 (quarantined: the virus scan found Eicar-Test-Signature)";
        };
        return "{\"documentId\":\"" + id + "\",\"petitionId\":\"" + CASE + "\",\"kind\":\"" + kind + "\",\"supports\":"
                + (supports == null ? "null" : "\"" + supports + "\"") + ",\"fileName\":\"" + fileName + "\",\"contentType\":\"application/pdf\","
                + "\"sizeBytes\":" + size + ",\"sha256\":\"" + "ab".repeat(32) + "\",\"state\":\"" + state + "\",\"stateText\":\"" + stateText
                + "\",\"signature\":" + (state.equals("INFECTED") ? "\"Eicar-Test-Signature\"" : "null") + ",\"downloadable\":"
                + state.equals("CLEAN") + ",\"uploadedBy\":\"someone\",\"uploadedByRole\":\"" + role + "\",\"uploadedByUnit\":\"" + unit
                + "\",\"uploadedAt\":\"" + at + "\",\"scannedAt\":null}";
    }

    private static String param(String query, String name) {
        if (query == null) {
            return null;
        }
        for (String pair : query.split("&")) {
            if (pair.startsWith(name + "=")) {
                return pair.substring(name.length() + 1);
            }
        }
        return null;
    }

    private static String ledger() {
        return "{\"petitionId\":\"" + CASE + "\",\"trackingNumber\":\"" + TRACKING + "\",\"status\":\"ACCEPTED\","
                + "\"urgency\":\"NORMAL\",\"urgencySource\":\"CATEGORY\",\"unitCode\":\"341302-RSJ\","
                + "\"level\":\"COUNTY\",\"categoryCode\":\"labour-wages\",\"locationCode\":\"341302\",\"personCount\":1,"
                + "\"registeredAt\":\"2026-12-02T10:00:00+08:00\",\"assignedAt\":\"2026-12-03T10:00:00+08:00\","
                + "\"acceptanceDueAt\":\"2026-12-18T10:00:00+08:00\",\"handlingDueAt\":\"2027-02-02T10:00:00+08:00\",\"extendedDays\":0,"
                + "\"repeat\":false,\"receivedByLeader\":null,\"leaderCase\":false,\"timeline\":[{\"at\":\"2026-12-04T10:00:00+08:00\","
                + "\"fromStatus\":\"ASSIGNED\",\"toStatus\":\"ACCEPTED\",\"actorRole\":\"handler\",\"unitCode\":\"341302-RSJ\"}]}";
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

package gov.petitions.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * supervision as the ledger (台账) meets it when its supervisor ({@link #SUBJECT}) links ticked cases into one matter
 * (LedgerLinkBrowserTest): a queue of four open cases, listed by time left — so the earliest registered
 * ({@link #EARLIEST}) is not the first row — that, as supervision's queue today, does not say which matter a case is in;
 * {@code GET /cases/{id}/linked-cases} for each of them; and {@code POST /cases/{lead}/linked-cases}, all or none as
 * supervision links: any request naming {@link #RECUSED} (it accuses the others' unit) is refused 409
 * recusal-conflict and nothing changes. {@link #reset()} before each test.
 */
final class LedgerLinkStandIns {

    static final String SUBJECT = "ledger-link-supervisor";
    static final String FIRST = "b1c2d3e4-0001-4a5b-8c6d-7e8f9a0b1c2d";
    static final String SECOND = "b1c2d3e4-0002-4a5b-8c6d-7e8f9a0b1c2d";
    static final String EARLIEST = "b1c2d3e4-0003-4a5b-8c6d-7e8f9a0b1c2d";
    static final String RECUSED = "b1c2d3e4-0004-4a5b-8c6d-7e8f9a0b1c2d";
    /** In the queue's order: id, tracking number, registered (EARLIEST first of all, though third in the list). */
    static final String[][] CASES = {
            {FIRST, "XF20261203000501", "2026-12-03T10:00:00+08:00"},
            {SECOND, "XF20261204000502", "2026-12-04T11:00:00+08:00"},
            {EARLIEST, "XF20261202000503", "2026-12-02T09:00:00+08:00"},
            {RECUSED, "XF20261205000504", "2026-12-05T15:00:00+08:00"}};
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** Each link request: "POST <path> <body>". */
    static final List<String> REQUESTS = new CopyOnWriteArrayList<>();
    /** member id → lead id, as supervision would hold the matter. */
    static final Map<String, String> LEAD_OF = new ConcurrentHashMap<>();

    private LedgerLinkStandIns() {
    }

    static void reset() {
        REQUESTS.clear();
        LEAD_OF.clear();
    }

    static String tracking(String id) {
        for (String[] c : CASES) {
            if (c[0].equals(id)) {
                return c[1];
            }
        }
        return null;
    }

    static void register(HttpServer server) {
        for (String[] c : CASES) {
            String id = c[0];
            server.createContext("/cases/" + id + "/linked-cases", exchange -> {
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                switch (exchange.getRequestMethod()) {
                    case "GET" -> json(exchange, 200, matter(id));
                    case "POST" -> link(exchange, id, body);
                    default -> problem(exchange, 405, "method-not-allowed", "Method not allowed", "no");
                }
            });
        }
    }

    /** The queue for this test's supervisor (true), or false to leave the exchange to LedgerStandIns. */
    static boolean queue(HttpExchange exchange) throws IOException {
        if (!SUBJECT.equals(subject(exchange))) {
            return false;
        }
        OffsetDateTime due = OffsetDateTime.now(ZoneOffset.ofHours(8)).plusDays(10).withNano(0);
        List<String> items = new ArrayList<>();
        for (String[] c : CASES) {
            // no leadPetitionId / linkedCases: supervision's CaseSummary does not carry them
            items.add("{\"petitionId\":\"" + c[0] + "\",\"trackingNumber\":\"" + c[1] + "\",\"status\":\"ACCEPTED\",\"urgency\":\"NORMAL\","
                    + "\"categoryCode\":\"labour-wages\",\"locationCode\":\"341302\",\"level\":\"COUNTY\",\"unitCode\":\"341302-RSJ\","
                    + "\"registeredAt\":\"" + c[2] + "\",\"dueAt\":\"" + due + "\",\"overdue\":false,\"repeat\":false,"
                    + "\"receivedByLeader\":null,\"leaderCase\":false}");
        }
        json(exchange, 200, "{\"page\":0,\"size\":50,\"total\":" + items.size() + ",\"items\":[" + String.join(",", items) + "]}");
        return true;
    }

    private static void link(HttpExchange exchange, String leadId, String body) throws IOException {
        REQUESTS.add("POST " + exchange.getRequestURI().getPath() + " " + body);
        JsonNode request = MAPPER.readTree(body);
        List<String> ids = new ArrayList<>();
        request.path("caseIds").forEach(n -> ids.add(n.asText()));
        if (request.path("reason").asText("").isBlank() || ids.isEmpty()) {
            problem(exchange, 400, "invalid-input", "The request is not valid", "reason: must not be blank");
        } else if (ids.contains(RECUSED) || leadId.equals(RECUSED)) {
            problem(exchange, 409, "recusal-conflict", "The cases cannot be one matter (回避)",
                    "Case XF20261205000504 accuses the unit that holds case " + tracking(leadId) + " (341302-RSJ)");
        } else if (ids.stream().anyMatch(i -> tracking(i) == null)) {
            problem(exchange, 404, "not-found", "Not found", "No such case");
        } else {
            ids.forEach(i -> LEAD_OF.put(i, leadId));
            json(exchange, 200, matter(leadId));
        }
    }

    private static String matter(String id) {
        String lead = LEAD_OF.getOrDefault(id, id);
        List<String> members = LEAD_OF.entrySet().stream().filter(e -> e.getValue().equals(lead)).map(Map.Entry::getKey).sorted().toList();
        String role = LEAD_OF.containsKey(id) ? "MEMBER" : members.isEmpty() ? "NONE" : "LEAD";
        List<String> memberJson = members.stream().map(m -> matterCase(m, "同一用工单位")).toList();
        return "{\"petitionId\":\"" + id + "\",\"role\":\"" + role + "\",\"lead\":" + matterCase(lead, null)
                + ",\"members\":[" + String.join(",", memberJson) + "],\"batches\":" + (1 + members.size())
                + ",\"personTimes\":" + (2 * (1 + members.size())) + "}";
    }

    private static String matterCase(String id, String reason) {
        return "{\"petitionId\":\"" + id + "\",\"trackingNumber\":\"" + tracking(id) + "\",\"status\":\"ACCEPTED\","
                + "\"unitCode\":\"341302-RSJ\",\"level\":\"COUNTY\",\"categoryCode\":\"labour-wages\",\"locationCode\":\"341302\","
                + "\"personCount\":2,\"registeredAt\":\"2026-12-02T09:00:00+08:00\""
                + (reason == null ? "" : ",\"linkedAt\":\"2026-12-06T09:00:00+08:00\",\"linkedByRole\":\"supervisor\",\"linkReason\":\"" + reason + "\"")
                + "}";
    }

    /** The subject of the bearer token (the browser tests' tokens are unsigned JWTs: StaffSession). */
    static String subject(HttpExchange exchange) {
        String auth = String.valueOf(exchange.getRequestHeaders().getFirst("Authorization"));
        String[] parts = auth.replaceFirst("^Bearer ", "").split("\\.");
        try {
            JsonNode claims = parts.length == 3 ? MAPPER.readTree(Base64.getUrlDecoder().decode(parts[1])) : null;
            return claims == null ? null : claims.path("sub").asText(null);
        } catch (IllegalArgumentException | IOException e) {
            return null;
        }
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

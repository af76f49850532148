package gov.petitions.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * supervision as a case's page meets it when the bureau links cases of one matter (同一事项归并, LinkedCasesBrowserTest):
 * a lead case being handled, three candidates of the same county, category and accused units, {@code POST
 * /cases/{id}/linked-cases} (all or none; the third candidate accuses the lead's unit, so any request naming it is
 * refused 409 recusal-conflict as supervision refuses it) and {@code DELETE /cases/{id}/linked-cases/{memberId}} with a
 * reason in its body. {@link #reset()} before each test.
 */
final class LinkStandIns {

    static final String LEAD = "7d4e2a8b-9c1f-4e3a-8b5d-6f7a8b9c0d1e";
    static final String LEAD_TRACKING = "XF20261205000401";
    static final Map<String, String> CANDIDATES = Map.of(
            "8e5f3b9c-0d2a-4f4b-9c6e-7a8b9c0d1e2f", "XF20261205000402",
            "9f6a4c0d-1e3b-4a5c-8d7f-8b9c0d1e2f3a", "XF20261205000403",
            "a07b5d1e-2f4c-4b6d-9e8a-9c0d1e2f3a4b", "XF20261205000404");
    static final String FIRST = "8e5f3b9c-0d2a-4f4b-9c6e-7a8b9c0d1e2f";
    static final String SECOND = "9f6a4c0d-1e3b-4a5c-8d7f-8b9c0d1e2f3a";
    static final String RECUSED = "a07b5d1e-2f4c-4b6d-9e8a-9c0d1e2f3a4b";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** What the page sent: "POST body" or "DELETE path body". */
    static final List<String> REQUESTS = new CopyOnWriteArrayList<>();
    private static final List<String> MEMBERS = new CopyOnWriteArrayList<>();

    private LinkStandIns() {
    }

    static void reset() {
        REQUESTS.clear();
        MEMBERS.clear();
    }

    static void register(HttpServer server) {
        server.createContext("/ledger/" + LEAD, exchange -> json(exchange, 200, ledger()));
        server.createContext("/cases/" + LEAD + "/leadership", exchange -> json(exchange, 200,
                "{\"urgeCount\":0,\"instructions\":[],\"minutes\":null,\"team\":null,\"followUps\":[]}"));
        server.createContext("/cases/" + LEAD + "/link-suggestions", exchange -> {
            List<String> items = new ArrayList<>();
            CANDIDATES.entrySet().stream().sorted(Map.Entry.comparingByValue()).filter(c -> !MEMBERS.contains(c.getKey()))
                    // supervision ranks by intake's text similarity and says it: the first candidate only here
                    .forEach(c -> items.add(matterCase(c.getKey(), c.getValue(), 2, null)
                            .replaceFirst("}$", c.getKey().equals(FIRST) ? ",\"similarity\":0.67}" : ",\"similarity\":null}")));
            json(exchange, 200, "{\"petitionId\":\"" + LEAD + "\",\"items\":[" + String.join(",", items) + "]}");
        });
        server.createContext("/cases/" + LEAD + "/linked-cases", exchange -> {
            String path = exchange.getRequestURI().getPath();
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            switch (exchange.getRequestMethod()) {
                case "GET" -> json(exchange, 200, matter());
                case "POST" -> {
                    REQUESTS.add("POST " + body);
                    JsonNode request = MAPPER.readTree(body);
                    List<String> ids = new ArrayList<>();
                    request.path("caseIds").forEach(n -> ids.add(n.asText()));
                    if (request.path("reason").asText("").isBlank() || ids.isEmpty()) {
                        problem(exchange, 400, "invalid-input", "The request is not valid", "reason: must not be blank");
                    } else if (ids.contains(RECUSED)) {
                        problem(exchange, 409, "recusal-conflict", "The cases cannot be one matter (回避)",
                                "Case XF20261205000404 accuses the unit that holds case XF20261205000401 (341302-RSJ)");
                    } else {
                        ids.stream().filter(i -> !MEMBERS.contains(i)).forEach(MEMBERS::add);
                        json(exchange, 200, matter());
                    }
                }
                case "DELETE" -> {
                    REQUESTS.add("DELETE " + path + " " + body);
                    String member = path.substring(path.lastIndexOf('/') + 1);
                    if (MAPPER.readTree(body.isEmpty() ? "{}" : body).path("reason").asText("").isBlank()) {
                        problem(exchange, 400, "invalid-input", "The request is not valid", "reason: must not be blank");
                    } else if (!MEMBERS.remove(member)) {
                        problem(exchange, 409, "not-linked", "Not a member of this case", "not linked");
                    } else {
                        json(exchange, 200, matter());
                    }
                }
                default -> problem(exchange, 405, "method-not-allowed", "Method not allowed", "no");
            }
        });
        for (String other : new String[] {"/call-backs", "/timeline/verification", "/assignments"}) {
            server.createContext("/cases/" + LEAD + other, exchange -> problem(exchange, 404, "not-found", "Not found", "no such thing here"));
        }
    }

    private static String matter() {
        List<String> members = new ArrayList<>();
        for (String member : MEMBERS) {
            members.add(matterCase(member, CANDIDATES.get(member), 2, "同一用工单位"));
        }
        String role = MEMBERS.isEmpty() ? "NONE" : "LEAD";
        return "{\"petitionId\":\"" + LEAD + "\",\"role\":\"" + role + "\",\"lead\":" + matterCase(LEAD, LEAD_TRACKING, 3, null)
                + ",\"members\":[" + String.join(",", members) + "],\"batches\":" + (1 + MEMBERS.size())
                + ",\"personTimes\":" + (3 + 2 * MEMBERS.size()) + "}";
    }

    private static String matterCase(String id, String tracking, int persons, String reason) {
        return "{\"petitionId\":\"" + id + "\",\"trackingNumber\":\"" + tracking + "\",\"status\":\"ACCEPTED\","
                + "\"unitCode\":\"341302-RSJ\",\"level\":\"COUNTY\",\"categoryCode\":\"labour-wages\",\"locationCode\":\"341302\","
                + "\"personCount\":" + persons + ",\"registeredAt\":\"2026-12-05T09:00:00+08:00\""
                + (reason == null ? "" : ",\"linkedAt\":\"2026-12-06T09:00:00+08:00\",\"linkedByRole\":\"supervisor\",\"linkReason\":\"" + reason + "\"")
                + "}";
    }

    private static String ledger() {
        return "{\"petitionId\":\"" + LEAD + "\",\"trackingNumber\":\"" + LEAD_TRACKING + "\",\"status\":\"ACCEPTED\","
                + "\"urgency\":\"NORMAL\",\"urgencySource\":\"RULE\",\"unitCode\":\"341302-RSJ\","
                + "\"level\":\"COUNTY\",\"categoryCode\":\"labour-wages\",\"locationCode\":\"341302\",\"personCount\":3,"
                + "\"registeredAt\":\"2026-12-05T09:00:00+08:00\",\"assignedAt\":\"2026-12-05T10:00:00+08:00\","
                + "\"acceptanceDueAt\":\"2026-12-20T09:00:00+08:00\",\"handlingDueAt\":\"2027-02-04T09:00:00+08:00\","
                + "\"repeat\":false,\"receivedByLeader\":null,\"leaderCase\":false,\"leadPetitionId\":null,"
                + "\"linkedCases\":" + MEMBERS.size() + ",\"timeline\":[]}";
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

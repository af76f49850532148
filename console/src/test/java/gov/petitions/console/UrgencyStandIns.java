package gov.petitions.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

/**
 * supervision as a case's page meets it when a supervisor sets the case's urgency (UrgencyBrowserTest): the ledger
 * entry of one case being handled, whose handling deadline is counted again from acceptance by the level's clock
 * (60 days 一般, 30 急, 15 特急, docs/urgency.md), and {@code PUT /cases/{id}/urgency}, which refuses what supervision
 * refuses (no reason, an unknown level) with its problem and otherwise records the level as the supervisor's.
 * {@link #reset()} before each test.
 */
final class UrgencyStandIns {

    static final String CASE = "6c3e1f7d-8a9b-4c0d-9e1f-2a3b4c5d6e7f";
    static final String TRACKING = "XF20261204000301";
    static final OffsetDateTime ACCEPTED_AT = OffsetDateTime.of(2026, 12, 4, 10, 0, 0, 0, ZoneOffset.ofHours(8));
    private static final Set<String> LEVELS = Set.of("URGENT_SPECIAL", "URGENT", "NORMAL");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** The bodies of the urgency changes asked. */
    static final List<String> CHANGES = new CopyOnWriteArrayList<>();
    private static final AtomicReference<String> URGENCY = new AtomicReference<>("NORMAL");
    private static final AtomicReference<String> SOURCE = new AtomicReference<>("CATEGORY");

    private UrgencyStandIns() {
    }

    static void reset() {
        CHANGES.clear();
        URGENCY.set("NORMAL");
        SOURCE.set("CATEGORY");
    }

    static int handlingDays(String urgency) {
        return switch (urgency) {
            case "URGENT_SPECIAL" -> 15;
            case "URGENT" -> 30;
            default -> 60;
        };
    }

    static void register(HttpServer server) {
        server.createContext("/ledger/" + CASE, exchange -> json(exchange, 200, ledger()));
        server.createContext("/cases/" + CASE + "/leadership", exchange -> json(exchange, 200,
                "{\"urgeCount\":0,\"instructions\":[],\"minutes\":null,\"team\":null,\"followUps\":[]}"));
        server.createContext("/cases/" + CASE + "/urgency", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            if (!"PUT".equals(exchange.getRequestMethod())) {
                problem(exchange, 405, "Method not allowed", "PUT only");
                return;
            }
            CHANGES.add(body);
            JsonNode change = MAPPER.readTree(body);
            String urgency = change.path("urgency").asText("");
            if (change.path("reason").asText("").isBlank()) {
                problem(exchange, 400, "Invalid request", "reason: must not be blank");
            } else if (!LEVELS.contains(urgency)) {
                problem(exchange, 400, "Invalid request", "urgency: must be one of URGENT_SPECIAL, URGENT, NORMAL");
            } else {
                URGENCY.set(urgency);
                SOURCE.set("SUPERVISOR");
                json(exchange, 200, "{\"petitionId\":\"" + CASE + "\",\"urgency\":\"" + urgency + "\",\"urgencySource\":\"SUPERVISOR\","
                        + "\"handlingDueAt\":\"" + ACCEPTED_AT.plusDays(handlingDays(urgency)) + "\"}");
            }
        });
        for (String other : new String[] {"/call-backs", "/timeline/verification", "/assignments"}) {
            server.createContext("/cases/" + CASE + other, exchange -> problem(exchange, 404, "Not found", "no such thing here"));
        }
    }

    private static String ledger() {
        String urgency = URGENCY.get();
        return "{\"petitionId\":\"" + CASE + "\",\"trackingNumber\":\"" + TRACKING + "\",\"status\":\"ACCEPTED\","
                + "\"urgency\":\"" + urgency + "\",\"urgencySource\":\"" + SOURCE.get() + "\",\"unitCode\":\"341302-RSJ\","
                + "\"level\":\"COUNTY\",\"categoryCode\":\"labour-wages\",\"locationCode\":\"341302\",\"personCount\":1,"
                + "\"registeredAt\":\"" + ACCEPTED_AT.minusDays(2) + "\",\"assignedAt\":\"" + ACCEPTED_AT.minusDays(1) + "\","
                + "\"acceptanceDueAt\":\"" + ACCEPTED_AT.plusDays(13) + "\","
                + "\"handlingDueAt\":\"" + ACCEPTED_AT.plusDays(handlingDays(urgency)) + "\",\"extendedDays\":0,"
                + "\"repeat\":false,\"receivedByLeader\":null,\"leaderCase\":false,\"timeline\":[{\"at\":\"" + ACCEPTED_AT
                + "\",\"fromStatus\":\"ASSIGNED\",\"toStatus\":\"ACCEPTED\",\"actorRole\":\"handler\",\"unitCode\":\"341302-RSJ\"}]}";
    }

    private static void problem(HttpExchange exchange, int status, String title, String detail) throws IOException {
        byte[] out = ("{\"type\":\"about:blank\",\"title\":\"" + title + "\",\"status\":" + status + ",\"detail\":\"" + detail + "\"}")
                .getBytes(StandardCharsets.UTF_8);
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

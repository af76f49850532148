package gov.petitions.console;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

/**
 * intake's {@code GET /petitions/search} as the search page meets it (SearchBrowserTest, docs/registration.md "Search"):
 * it records each query as it arrived and narrows three petitions by {@code unit} (the unit now responsible, exact),
 * {@code state} (repeated or comma-separated, case.status-changed's states; anything else a 400 {@code invalid-state}
 * problem naming them) and {@code accused}; {@code q} may be left out when one of them is given. Every hit carries
 * {@code state} and {@code unitCode}, the third petition both null (no event heard yet). Only the page's signed-in
 * clerk ({@link #CLERK}) is answered here: every other caller of the path (ConsoleTest's proxy checks) gets the echo
 * of {@code /petitions} it has always had. {@link #reset()} before each test.
 */
final class SearchStandIns {

    static final String CLERK = "search-clerk";
    static final String TRACKING_ACCEPTED = "XF20261201000101";
    static final String TRACKING_ASSIGNED = "XF20261202000102";
    static final String TRACKING_UNHEARD = "XF20261203000103";
    /** case.status-changed's caseStatus enum (contracts/events/case.status-changed.v1.schema.json). */
    static final List<String> STATES = List.of("REGISTERED", "ASSIGNED", "ACCEPTED", "NOT_ACCEPTED", "EXTENDED", "REPLIED",
            "EVALUATED", "REVIEW_REQUESTED", "REVIEW_REPLIED", "RE_REVIEW_REQUESTED", "RE_REVIEW_REPLIED", "FINAL", "ESCALATED",
            "RETURNED");

    /** The raw query strings of the searches, in order. */
    static final List<String> QUERIES = new CopyOnWriteArrayList<>();

    private record Petition(String id, String tracking, String state, String unit, Set<String> accused, String summary) {
    }

    private static final List<Petition> PETITIONS = List.of(
            new Petition("0b6f7c1e-1a2b-4c3d-8e4f-5a6b7c8d9e01", TRACKING_ACCEPTED, "ACCEPTED", "341302-RSJ", Set.of(),
                    "某建筑公司拖欠农民工工资"),
            new Petition("0b6f7c1e-1a2b-4c3d-8e4f-5a6b7c8d9e02", TRACKING_ASSIGNED, "ASSIGNED", "341302-ZJJ", Set.of("341302-RSJ"),
                    "反映人社局未处理农民工工资投诉"),
            new Petition("0b6f7c1e-1a2b-4c3d-8e4f-5a6b7c8d9e03", TRACKING_UNHEARD, null, null, Set.of(),
                    "小区物业拖欠维修资金"));

    private SearchStandIns() {
    }

    static void reset() {
        QUERIES.clear();
    }

    static void register(HttpServer server, HttpHandler others) {
        server.createContext("/petitions/search", exchange -> {
            if (!CLERK.equals(subject(exchange.getRequestHeaders().getFirst("Authorization")))) {
                others.handle(exchange);
                return;
            }
            String raw = exchange.getRequestURI().getRawQuery();
            QUERIES.add(raw == null ? "" : raw);
            Map<String, List<String>> query = parse(raw);
            List<String> states = new ArrayList<>();
            for (String value : query.getOrDefault("state", List.of())) {
                for (String one : value.split(",")) {
                    if (one.isBlank()) {
                        continue;
                    }
                    if (!STATES.contains(one.strip())) {
                        problem(exchange, "invalid-state", "Invalid state", "state must be one or more of " + String.join(", ", STATES));
                        return;
                    }
                    states.add(one.strip());
                }
            }
            String q = first(query, "q");
            String unit = first(query, "unit");
            String accused = first(query, "accused");
            if (q == null && unit == null && states.isEmpty() && accused == null) {
                problem(exchange, "invalid-query", "Nothing to search for", "give q, trackingNumber, unit, state or accused");
                return;
            }
            List<Petition> hits = PETITIONS.stream()
                    .filter(p -> unit == null || unit.equals(p.unit()))
                    .filter(p -> states.isEmpty() || states.contains(p.state()))
                    .filter(p -> accused == null || p.accused().contains(accused))
                    .filter(p -> q == null || java.util.Arrays.stream(q.split(" ")).allMatch(p.summary()::contains))
                    .toList();
            String items = hits.stream().map(p -> hit(p, q)).collect(Collectors.joining(","));
            json(exchange, "{\"total\":" + hits.size() + ",\"truncated\":false,\"page\":0,\"size\":20,\"items\":[" + items + "]}");
        });
    }

    private static String hit(Petition p, String q) {
        return "{\"petitionId\":\"" + p.id() + "\",\"trackingNumber\":\"" + p.tracking() + "\",\"channel\":\"ONLINE\","
                + "\"categoryCode\":\"labour-wages\",\"locationCode\":\"341302\",\"registeredAt\":\"2026-12-01T09:30:00+08:00\","
                + "\"state\":" + quoted(p.state()) + ",\"unitCode\":" + quoted(p.unit()) + ",\"score\":1.0,\"trackingNumberMatch\":false,"
                + "\"summary\":" + fragments(p.summary(), q) + ",\"excerpt\":[],"
                // the place's names as intake gives them, the county marked when the query names it
                + "\"placeName\":[{\"text\":\"安徽省宿州市\",\"hit\":false},{\"text\":\"埇桥区\",\"hit\":"
                + (q != null && q.contains("埇桥") ? "true" : "false") + "}]}";
    }

    /** The summary as intake's fragments: the first word of q marked as a hit, the rest plain text. */
    private static String fragments(String summary, String q) {
        String word = q == null ? null : q.split(" ")[0];
        int at = word == null ? -1 : summary.indexOf(word);
        if (at < 0) {
            return "[{\"text\":\"" + summary + "\",\"hit\":false}]";
        }
        return "[{\"text\":\"" + summary.substring(0, at) + "\",\"hit\":false},{\"text\":\"" + word + "\",\"hit\":true},"
                + "{\"text\":\"" + summary.substring(at + word.length()) + "\",\"hit\":false}]";
    }

    private static String quoted(String value) {
        return value == null ? "null" : "\"" + value + "\"";
    }

    private static String first(Map<String, List<String>> query, String name) {
        return query.getOrDefault(name, List.of()).stream().filter(v -> !v.isBlank()).findFirst().orElse(null);
    }

    private static Map<String, List<String>> parse(String raw) {
        Map<String, List<String>> query = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return query;
        }
        for (String pair : raw.split("&")) {
            String[] kv = pair.split("=", 2);
            query.computeIfAbsent(URLDecoder.decode(kv[0], StandardCharsets.UTF_8), k -> new ArrayList<>())
                    .add(kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
        }
        return query;
    }

    /** The sub claim of the page's unsigned token (StaffSession.signIn), or null. */
    private static String subject(String authorization) {
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            return null;
        }
        String[] parts = authorization.substring(7).split("\\.");
        if (parts.length < 2) {
            return null;
        }
        try {
            String claims = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
            java.util.regex.Matcher sub = java.util.regex.Pattern.compile("\"sub\":\"([^\"]*)\"").matcher(claims);
            return sub.find() ? sub.group(1) : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static void problem(HttpExchange exchange, String type, String title, String detail) throws IOException {
        byte[] out = ("{\"type\":\"https://petitions.gov.example/problems/" + type + "\",\"title\":\"" + title + "\",\"status\":400,"
                + "\"detail\":\"" + detail + "\"}").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/problem+json");
        exchange.sendResponseHeaders(400, out.length);
        exchange.getResponseBody().write(out);
        exchange.close();
    }

    private static void json(HttpExchange exchange, String body) throws IOException {
        byte[] out = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, out.length);
        exchange.getResponseBody().write(out);
        exchange.close();
    }
}

package gov.petitions.console;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * intake and supervision as the materials (材料) and call-back (回访) pages meet them (MaterialsBrowserTest,
 * CallBacksBrowserTest), with the services' answers in their shape and a memory of what was sent:
 * <ul>
 * <li>materials of one petition (the desk's, by id, for a bearer token) and of one tracking number (the public page's,
 * for the right X-Query-Code only): an upload is kept and judged like intake's scan — a file containing
 * {@link #PENDING_MARKER} waits PENDING (the stand-in's clamd is "away"), one containing {@link #INFECTED_MARKER} is
 * INFECTED, anything else CLEAN — listed newest last, and a CLEAN one is served back byte for byte;</li>
 * <li>the public status lookup of that tracking number and query code;</li>
 * <li>supervision's call-back queue of two replied cases and the call-back of each: reached and satisfied and resolved
 * closes the case (EVALUATED, done), not reached is tried again later (RETRY, still due, one more try), a poor
 * outcome reopens it (REOPENED, done).</li>
 * </ul>
 * {@link #reset()} before each test: the stand-in server lives as long as the Quarkus application under test.
 */
final class PageStandIns {

    static final String DESK_PETITION = "5b7e9c1a-2f3d-4e5a-8b6c-7d8e9f0a1b2c";
    static final String DESK_TRACKING = "XF20261206000011";
    static final String DESK_QUERY_CODE = "KMNPQR2345678";
    static final String PUBLIC_TRACKING = "XF20261206000021";
    static final String PUBLIC_QUERY_CODE = "HJKLMNPQ23456";
    static final String PENDING_MARKER = "stand-in: scanner away";
    static final String INFECTED_MARKER = "stand-in: infected";
    static final String SIGNATURE = "Stand-in.Test.Signature";

    static final String CASE_A = "0c8f6a2e-1b3d-4f5a-9e7c-2d4b6a8c0e1f";
    static final String CASE_B = "1d9a7b3f-2c4e-4a6b-8f8d-3e5c7b9d1f2a";
    static final String TRACKING_A = "XF20261203000101";
    static final String TRACKING_B = "XF20261203000102";

    /** "METHOD path key" of every materials call, key = the bearer token or the query code the stand-in was given. */
    static final List<String> MATERIAL_CALLS = new CopyOnWriteArrayList<>();
    /** The bodies of the call-backs recorded, "petitionId body". */
    static final List<String> CALL_BACKS = new CopyOnWriteArrayList<>();

    private record Stored(String id, String name, String type, byte[] bytes, String state, String signature) {
    }

    private static final class Task {
        final String petitionId;
        final String tracking;
        final String category;
        String status = "REPLIED";
        String state = "due";
        int tries;
        OffsetDateTime dueAt;

        Task(String petitionId, String tracking, String category, OffsetDateTime dueAt) {
            this.petitionId = petitionId;
            this.tracking = tracking;
            this.category = category;
            this.dueAt = dueAt;
        }
    }

    private static final Map<String, List<Stored>> MATERIALS = new ConcurrentHashMap<>();
    private static final List<Task> TASKS = new CopyOnWriteArrayList<>();
    private static final OffsetDateTime REPLIED = OffsetDateTime.of(2026, 12, 4, 10, 0, 0, 0, ZoneOffset.ofHours(8));

    private PageStandIns() {
    }

    static void reset() {
        MATERIAL_CALLS.clear();
        CALL_BACKS.clear();
        MATERIALS.clear();
        TASKS.clear();
        // due in a day and in two: the one with less time left first, as supervision sorts them
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.ofHours(8)).withNano(0);
        TASKS.add(new Task(CASE_A, TRACKING_A, "labour-wages", now.plusDays(1)));
        TASKS.add(new Task(CASE_B, TRACKING_B, "land-housing", now.plusDays(2)));
    }

    static void register(HttpServer server) {
        reset();
        server.createContext("/petitions/" + DESK_PETITION + "/materials", exchange -> {
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            if (auth == null || !auth.startsWith("Bearer ")) {
                problem(exchange, 401, "unauthorized", "Not signed in");
                return;
            }
            materials(exchange, "desk", auth);
        });
        server.createContext("/public/petitions/" + PUBLIC_TRACKING + "/materials", exchange -> {
            String code = exchange.getRequestHeaders().getFirst("X-Query-Code");
            if (!PUBLIC_QUERY_CODE.equals(code)) {
                problem(exchange, 404, "not-found", "No such petition");
                return;
            }
            materials(exchange, "public", code);
        });
        server.createContext("/public/status-lookups", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            if (!body.contains("\"trackingNumber\":\"" + PUBLIC_TRACKING + "\"") || !body.contains("\"queryCode\":\"" + PUBLIC_QUERY_CODE + "\"")) {
                problem(exchange, 404, "not-found", "No such petition");
                return;
            }
            json(exchange, 200, "{\"trackingNumber\":\"" + PUBLIC_TRACKING + "\",\"status\":\"ACCEPTED\",\"statusText\":\"已受理办理中\","
                    + "\"registeredAt\":\"2026-12-06T09:30:00+08:00\",\"progress\":{\"statusText\":\"已受理，正在办理\","
                    + "\"steps\":[{\"at\":\"2026-12-06T09:30:00+08:00\",\"text\":\"已登记\"}]}}");
        });
        server.createContext("/call-backs", exchange -> {
            Matcher state = Pattern.compile("(?:^|&)state=([a-z]+)").matcher(String.valueOf(exchange.getRequestURI().getRawQuery()));
            String wanted = state.find() ? state.group(1) : "due";
            List<String> items = new ArrayList<>();
            for (Task t : TASKS) {
                if (t.state.equals(wanted)) {
                    items.add("{\"petitionId\":\"" + t.petitionId + "\",\"trackingNumber\":\"" + t.tracking + "\",\"status\":\"" + t.status
                            + "\",\"unitCode\":\"341302-RSJ\",\"categoryCode\":\"" + t.category + "\",\"locationCode\":\"341302\","
                            + "\"repliedAt\":\"" + REPLIED + "\",\"dueAt\":\"" + t.dueAt + "\",\"overdue\":false,\"tries\":" + t.tries
                            + ",\"lastOutcome\":null,\"petitionerSatisfaction\":null}");
                }
            }
            json(exchange, 200, "{\"state\":\"" + wanted + "\",\"page\":0,\"size\":50,\"total\":" + items.size()
                    + ",\"items\":[" + String.join(",", items) + "]}");
        });
        for (String id : List.of(CASE_A, CASE_B)) {
            server.createContext("/cases/" + id + "/call-backs", exchange -> callBack(exchange, id));
        }
    }

    private static void materials(HttpExchange exchange, String owner, String key) throws IOException {
        String base = exchange.getHttpContext().getPath();
        String rest = exchange.getRequestURI().getRawPath().substring(base.length());
        String method = exchange.getRequestMethod();
        MATERIAL_CALLS.add(method + " " + exchange.getRequestURI().getRawPath() + " " + key);
        List<Stored> stored = MATERIALS.computeIfAbsent(owner, o -> new CopyOnWriteArrayList<>());
        if (rest.isEmpty() && method.equals("POST")) {
            byte[] bytes = exchange.getRequestBody().readAllBytes();
            String name = URLDecoder.decode(String.valueOf(exchange.getRequestHeaders().getFirst("X-File-Name")), StandardCharsets.UTF_8);
            String content = new String(bytes, StandardCharsets.ISO_8859_1);
            String state = content.contains(PENDING_MARKER) ? "PENDING" : content.contains(INFECTED_MARKER) ? "INFECTED" : "CLEAN";
            Stored m = new Stored(UUID.randomUUID().toString(), name, exchange.getRequestHeaders().getFirst("Content-Type"), bytes, state,
                    state.equals("INFECTED") ? SIGNATURE : null);
            stored.add(m);
            json(exchange, 201, view(m));
        } else if (rest.isEmpty() && method.equals("GET")) {
            json(exchange, 200, "[" + String.join(",", stored.stream().map(PageStandIns::view).toList()) + "]");
        } else if (rest.matches("/[0-9a-f-]{36}") && method.equals("GET")) {
            Stored m = stored.stream().filter(s -> s.id().equals(rest.substring(1))).findFirst().orElse(null);
            if (m == null) {
                problem(exchange, 404, "not-found", "No such material of this petition");
            } else if (!m.state().equals("CLEAN")) {
                problem(exchange, 409, m.state().equals("PENDING") ? "material-pending" : "material-quarantined", "Not served");
            } else {
                exchange.getResponseHeaders().add("Content-Type", m.type());
                exchange.getResponseHeaders().add("Content-Disposition", "attachment; filename=\"material.bin\"");
                exchange.getResponseHeaders().add("X-Content-Type-Options", "nosniff");
                exchange.sendResponseHeaders(200, m.bytes().length);
                exchange.getResponseBody().write(m.bytes());
                exchange.close();
            }
        } else {
            problem(exchange, 405, "method-not-allowed", method + " " + rest);
        }
    }

    private static String view(Stored m) {
        String text = switch (m.state()) {
            case "PENDING" -> "待查毒 (waiting for the virus scan)";
            case "CLEAN" -> "已查毒 (scanned, clean)";
            default -> "已隔离 (quarantined: the virus scan found " + m.signature() + ")";
        };
        return "{\"materialId\":\"" + m.id() + "\",\"fileName\":\"" + esc(m.name()) + "\",\"contentType\":\"" + esc(m.type())
                + "\",\"sizeBytes\":" + m.bytes().length + ",\"state\":\"" + m.state() + "\",\"stateText\":\"" + text + "\","
                + "\"signature\":" + (m.signature() == null ? "null" : "\"" + m.signature() + "\"") + ",\"downloadable\":"
                + m.state().equals("CLEAN") + ",\"uploadedBy\":\"CLERK\",\"uploadedAt\":\"2026-12-06T09:31:00+08:00\",\"scannedAt\":null}";
    }

    private static void callBack(HttpExchange exchange, String petitionId) throws IOException {
        if (!exchange.getRequestMethod().equals("POST")) {
            problem(exchange, 405, "method-not-allowed", exchange.getRequestMethod());
            return;
        }
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8).replace(" ", "");
        Task task = TASKS.stream().filter(t -> t.petitionId.equals(petitionId)).findFirst().orElseThrow();
        if (!task.state.equals("due")) {
            problem(exchange, 409, "already-called-back", "This reply was called back already");
            return;
        }
        boolean reached = body.contains("\"reached\":true");
        if (reached && (!body.contains("\"satisfaction\":\"") || !body.matches(".*\"resolved\":(true|false).*"))) {
            problem(exchange, 400, "validation", "satisfaction and resolved are required when the petitioner was reached");
            return;
        }
        CALL_BACKS.add(petitionId + " " + body);
        task.tries++;
        String outcome;
        String next = "null";
        if (!reached) {
            outcome = "RETRY";
            task.dueAt = task.dueAt.plusDays(1);
            next = "\"" + task.dueAt + "\"";
        } else if (body.contains("\"satisfaction\":\"NOT_SATISFIED\"") || body.contains("\"resolved\":false")) {
            outcome = "REOPENED";
            task.status = "ASSIGNED";
            task.state = "done";
        } else {
            outcome = "CLOSED";
            task.status = "EVALUATED";
            task.state = "done";
        }
        json(exchange, 201, "{\"callBack\":{\"id\":" + CALL_BACKS.size() + ",\"source\":\"CALL_BACK\",\"replyAt\":\"" + REPLIED
                + "\",\"unitCode\":\"341302-RSJ\",\"attempt\":" + task.tries + ",\"outcome\":\"" + outcome + "\"},\"status\":\""
                + task.status + "\",\"unitCode\":\"341302-RSJ\",\"nextCallDueAt\":" + next + "}");
    }

    private static String esc(String s) {
        return s == null ? "" : s.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    private static void problem(HttpExchange exchange, int status, String type, String title) throws IOException {
        byte[] out = ("{\"type\":\"https://petitions.gov.example/problems/" + type + "\",\"title\":\"" + esc(title) + "\",\"status\":"
                + status + ",\"detail\":\"" + esc(title) + "\"}").getBytes(StandardCharsets.UTF_8);
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

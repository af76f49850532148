package gov.petitions.console;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * supervision as the ledger page (台账督办) meets it (LedgerBrowserTest, UrgencyBrowserTest): the queue of three cases —
 * two being handled, one replied; 特急, 一般 and 急; filtered by urgency as supervision filters — the bulk urge, which
 * urges what may be urged and refuses a replied case with supervision's reason, and the export of the signed-in test supervisor ({@link #SUBJECT}): a CSV of supervision's shape (UTF-8 with BOM, the
 * Chinese headers, its file name), answered at once. Every other export keeps StubServices' held-back stream
 * (ExportProxyTest).
 */
final class LedgerStandIns {

    static final String SUBJECT = "ledger-supervisor";
    static final String CASE_1 = "2e0b8c4a-3d5f-4b7c-9a9e-4f6d8c0e2a3b";
    static final String CASE_2 = "3f1c9d5b-4e6a-4c8d-8b0f-5a7e9d1f3b4c";
    static final String CASE_3 = "4a2d0e6c-5f7b-4d9e-9c1a-6b8f0e2a4c5d";
    static final String TRACKING_1 = "XF20261201000201";
    static final String TRACKING_2 = "XF20261201000202";
    static final String TRACKING_3 = "XF20261201000203";
    static final String HEADERS = "信访件编号,状态,承办单位,层级,问题类别,问题属地,信访渠道,人数,收到日期,登记时间,办理期限,是否超期,"
            + "重复信访,领导接访,督办次数,答复时间,不予受理理由,答复意见,信访人评价意见,案件标识";
    static final String FILE_NAME = "台账导出-20261206-0930.csv";

    /** The query of each export answered here, and the body of each bulk urge. */
    static final List<String> EXPORTS = new CopyOnWriteArrayList<>();
    static final List<String> URGES = new CopyOnWriteArrayList<>();
    /** The query of each queue request (UrgencyBrowserTest: the urgency filter and the sort reach supervision). */
    static final List<String> QUERIES = new CopyOnWriteArrayList<>();

    private LedgerStandIns() {
    }

    static void reset() {
        EXPORTS.clear();
        URGES.clear();
        QUERIES.clear();
    }

    static void register(HttpServer server) {
        server.createContext("/cases/queue", exchange -> {
            if (LedgerLinkStandIns.queue(exchange)) { // the ledger's linking (LedgerLinkBrowserTest) has cases of its own
                return;
            }
            String query = String.valueOf(exchange.getRequestURI().getRawQuery());
            QUERIES.add(query);
            Matcher wanted = Pattern.compile("(?:^|&)urgency=([A-Z_]+)").matcher(query);
            String urgency = wanted.find() ? wanted.group(1) : null;
            OffsetDateTime due = OffsetDateTime.now(ZoneOffset.ofHours(8)).plusDays(5).withNano(0);
            List<String> items = new ArrayList<>();
            String[][] cases = {{CASE_1, TRACKING_1, "ACCEPTED", "URGENT_SPECIAL"}, {CASE_2, TRACKING_2, "ACCEPTED", "NORMAL"},
                    {CASE_3, TRACKING_3, "REPLIED", "URGENT"}};
            for (String[] c : cases) {
                if (urgency != null && !urgency.equals(c[3])) {
                    continue; // as supervision filters by level
                }
                items.add("{\"petitionId\":\"" + c[0] + "\",\"trackingNumber\":\"" + c[1] + "\",\"status\":\"" + c[2] + "\",\"urgency\":\"" + c[3] + "\","
                        + "\"categoryCode\":\"labour-wages\",\"locationCode\":\"341302\",\"level\":\"COUNTY\",\"unitCode\":\"341302-RSJ\","
                        + "\"dueAt\":\"" + due + "\",\"overdue\":false,\"repeat\":false,\"receivedByLeader\":null,\"leaderCase\":false}");
            }
            json(exchange, 200, "{\"page\":0,\"size\":50,\"total\":" + items.size() + ",\"items\":[" + String.join(",", items) + "]}");
        });
        server.createContext("/cases/bulk/urge", exchange -> {
            StubServices.INTERNAL_HITS.incrementAndGet(); // it reached the service (ConsoleTest counts what passes the console)
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            URGES.add(body);
            List<String> results = new ArrayList<>();
            Matcher ids = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}").matcher(body);
            int done = 0;
            int refused = 0;
            while (ids.find()) {
                if (ids.group().equals(CASE_3)) {
                    refused++;
                    results.add("{\"petitionId\":\"" + CASE_3 + "\",\"outcome\":\"refused\",\"reason\":\"illegal-transition\","
                            + "\"detail\":\"The case is REPLIED\"}");
                } else {
                    done++;
                    results.add("{\"petitionId\":\"" + ids.group() + "\",\"outcome\":\"done\"}");
                }
            }
            json(exchange, 200, "{\"requested\":" + (done + refused) + ",\"done\":" + done + ",\"refused\":" + refused
                    + ",\"results\":[" + String.join(",", results) + "]}");
        });
    }

    /** Answers the export of the ledger test's supervisor (true), or leaves the exchange to StubServices (false). */
    static boolean export(HttpExchange exchange) throws IOException {
        String auth = String.valueOf(exchange.getRequestHeaders().getFirst("Authorization"));
        String[] parts = auth.replaceFirst("^Bearer ", "").split("\\.");
        String claims;
        try {
            claims = parts.length == 3 ? new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8) : "";
        } catch (IllegalArgumentException e) {
            claims = "";
        }
        if (!claims.contains("\"sub\":\"" + SUBJECT + "\"")) {
            return false;
        }
        EXPORTS.add(exchange.getRequestURI().getRawQuery());
        byte[] csv = ("\uFEFF" + HEADERS + "\r\n"
                + TRACKING_1 + ",已受理办理中,341302-RSJ,县级,劳动工资,341302,来访,1,2026-12-01,2026-12-01 09:00,2026-12-31,否,否,否,0,,,〔已隐去〕,〔已隐去〕," + CASE_1 + "\r\n")
                .getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "text/csv; charset=UTF-8");
        exchange.getResponseHeaders().add("Content-Disposition", "attachment; filename=\"cases-20261206-0930.csv\"; filename*=UTF-8''"
                + java.net.URLEncoder.encode(FILE_NAME, StandardCharsets.UTF_8).replace("+", "%20"));
        exchange.getResponseHeaders().add("Export-Id", "42");
        exchange.sendResponseHeaders(200, csv.length);
        exchange.getResponseBody().write(csv);
        exchange.close();
        return true;
    }

    private static void json(HttpExchange exchange, int status, String body) throws IOException {
        byte[] out = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, out.length);
        exchange.getResponseBody().write(out);
        exchange.close();
    }
}

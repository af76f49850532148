package gov.petitions.intake;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local HTTP server standing in for routing-service's public unit directory ({@code GET /divisions/{code}/units}),
 * on a free port. Its units are made the way routing's V3 migration makes them: every division gets the county-level
 * departments (province, city, county), and townships their government only; courts at province and city level carry
 * their own names. Tests switch it "down" (503 for every look-up) and read how many look-ups arrived over HTTP
 * ({@link #mode(String)}, {@link #requests()}): test resources and test classes live in different class loaders.
 */
public class RoutingDirectoryStandIn implements QuarkusTestResourceLifecycleManager {

    private static final List<String[]> DEPARTMENTS = List.of(
            new String[] {"XFJ", "信访局"}, new String[] {"RSJ", "人力资源和社会保障局"}, new String[] {"GAJ", "公安局"},
            new String[] {"ZJJ", "住房和城乡建设局"}, new String[] {"ZRZYJ", "自然资源和规划局"}, new String[] {"JYJ", "教育局"},
            new String[] {"MZJ", "民政局"}, new String[] {"STHJJ", "生态环境局"}, new String[] {"NYNCJ", "农业农村局"},
            new String[] {"SCJGJ", "市场监督管理局"}, new String[] {"WJW", "卫生健康委员会"}, new String[] {"JTJ", "交通运输局"},
            new String[] {"JW", "纪律检查委员会"}, new String[] {"FY", "人民法院"}, new String[] {"JCY", "人民检察院"},
            new String[] {"ZF", "人民政府"});

    private HttpServer http;

    private static String base() {
        return org.eclipse.microprofile.config.ConfigProvider.getConfig().getValue("intake.routing.url", String.class);
    }

    /** "up" (the default) or "down". */
    static void mode(String mode) {
        call("/control/" + mode);
    }

    /** How many directory look-ups arrived so far. */
    static int requests() {
        return Integer.parseInt(call("/control/requests"));
    }

    private static String call(String path) {
        try {
            return java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                            java.net.URI.create(base() + path)).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public Map<String, String> start() {
        try {
            http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, Object> control = new ConcurrentHashMap<>();
        control.put("mode", "up");
        control.put("requests", new AtomicInteger());
        http.createContext("/control/", exchange -> {
            String what = exchange.getRequestURI().getPath().substring("/control/".length());
            if (what.equals("requests")) {
                answer(exchange, 200, String.valueOf(((AtomicInteger) control.get("requests")).get()));
            } else {
                control.put("mode", what);
                exchange.sendResponseHeaders(204, -1);
                exchange.close();
            }
        });
        Map<String, String> names = new HashMap<>();
        for (String csv : List.of("province.csv", "cities.csv", "counties.csv", "townships.csv")) {
            readNames("/divisions/34/" + csv, names);
        }
        http.setExecutor(Executors.newCachedThreadPool());
        http.createContext("/divisions/", exchange -> {
            ((AtomicInteger) control.get("requests")).incrementAndGet();
            if ("down".equals(control.get("mode"))) {
                answer(exchange, 503, "{\"title\":\"Service Unavailable\"}");
                return;
            }
            String[] parts = exchange.getRequestURI().getPath().split("/");
            String code = parts.length == 4 && "units".equals(parts[3]) ? parts[2] : null;
            String name = code == null ? null : names.get(code);
            if (name == null) {
                answer(exchange, 404, "{\"title\":\"Not found\"}");
                return;
            }
            answer(exchange, 200, units(code, name));
        });
        http.start();
        return Map.of("intake.routing.url", "http://127.0.0.1:" + http.getAddress().getPort(),
                "intake.routing.timeout", "PT2S");
    }

    private static String units(String code, String name) {
        StringBuilder json = new StringBuilder("[");
        for (String[] d : DEPARTMENTS) {
            if (code.length() == 9 && !d[0].equals("ZF")) {
                continue;
            }
            String unit = name + d[1];
            if (d[0].equals("FY") && code.length() == 2) {
                unit = name + "高级人民法院";
            } else if (d[0].equals("FY") && code.length() == 4) {
                unit = name + "中级人民法院";
            }
            String level = switch (code.length()) {
                case 2 -> "PROVINCE";
                case 4 -> "CITY";
                case 6 -> "COUNTY";
                default -> "TOWNSHIP";
            };
            if (json.length() > 1) {
                json.append(',');
            }
            json.append("{\"code\":\"").append(code).append('-').append(d[0]).append("\",\"name\":\"").append(unit)
                    .append("\",\"department\":\"").append(d[0]).append("\",\"level\":\"").append(level).append("\"}");
        }
        return json.append(']').toString();
    }

    private static void readNames(String resource, Map<String, String> names) {
        try (InputStream in = RoutingDirectoryStandIn.class.getResourceAsStream(resource)) {
            names.putAll(gov.petitions.intake.service.DivisionCatalog.namesIn(new InputStreamReader(in, StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    @Override
    public void stop() {
        if (http != null) {
            http.stop(0);
        }
    }
}

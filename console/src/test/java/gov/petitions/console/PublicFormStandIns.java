package gov.petitions.console;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * intake and routing as the public petition form meets them: categories, two levels of divisions, no units, and
 * POST /public/petitions, which keeps each body it is sent and answers a receipt registered at 00:30 on the 5th
 * in China (16:30 UTC on the 4th), with intake's registeredOn.
 */
final class PublicFormStandIns {

    static final List<String> SUBMITTED = new CopyOnWriteArrayList<>();

    private PublicFormStandIns() {
    }

    /** Adds intake's and routing's paths the public form calls to the services' stand-in (StubServices). */
    static void register(HttpServer server) {
        server.createContext("/categories", exchange -> json(exchange, 200,
                "[{\"code\":\"labour-wages\",\"nameZh\":\"劳动工资\"},{\"code\":\"land-housing\",\"nameZh\":\"土地房屋\"}]"));
        server.createContext("/divisions/34/children", exchange -> json(exchange, 200,
                "[{\"code\":\"3413\",\"name\":\"宿州市\"}]"));
        server.createContext("/divisions/3413/children", exchange -> json(exchange, 200,
                "[{\"code\":\"341302\",\"name\":\"埇桥区\"}]"));
        server.createContext("/divisions", exchange -> json(exchange, 200, "[]")); // units: none
        server.createContext("/public/petitions", exchange -> {
            SUBMITTED.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            json(exchange, 201, "{\"petitionId\":\"7d0e0a39-3c84-4a4e-9a53-2f4a3c1b9e11\",\"trackingNumber\":\"XF20261205123456789\","
                    + "\"queryCode\":\"ABCDEFGH23456\",\"registeredAt\":\"2026-12-05T00:30:00+08:00\",\"registeredOn\":\"2026-12-05\"}");
        });
    }

    private static void json(HttpExchange exchange, int status, String body) throws IOException {
        byte[] out = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, out.length);
        exchange.getResponseBody().write(out);
        exchange.close();
    }
}

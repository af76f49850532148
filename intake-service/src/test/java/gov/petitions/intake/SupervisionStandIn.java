package gov.petitions.intake;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import gov.petitions.testing.TestSecrets;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A local HTTP server standing in for supervision-service's internal petitioner endpoints
 * ({@code /internal/cases/{id}/progress}, {@code /evaluation}, {@code /review-request}), on a free port, with intake's
 * service identity signed by the test issuer's key. Modes ({@link #mode(String)}): "up" — progress ACCEPTED,
 * evaluations recorded, review requests refused 422 (the window closed); "hang" — no answer for 5 s; "error" — 500.
 * Requests without a bearer token are 401. Tests read how many case requests arrived ({@link #requests()}) through a
 * control path: test resources and test classes live in different class loaders.
 */
public class SupervisionStandIn implements QuarkusTestResourceLifecycleManager {

    private HttpServer http;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final AtomicReference<String> mode = new AtomicReference<>("up");
    private final AtomicInteger requests = new AtomicInteger();

    private static String base() {
        return org.eclipse.microprofile.config.ConfigProvider.getConfig().getValue("intake.supervision.url", String.class);
    }

    static void mode(String mode) {
        call("/control/mode/" + mode);
    }

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
        http.createContext("/control/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            if (path.equals("/control/requests")) {
                answer(exchange, 200, String.valueOf(requests.get()));
            } else {
                mode.set(path.substring("/control/mode/".length()));
                exchange.sendResponseHeaders(204, -1);
                exchange.close();
            }
        });
        http.createContext("/internal/cases/", this::caseRequest);
        http.setExecutor(executor);
        http.start();
        return Map.of("intake.supervision.url", "http://127.0.0.1:" + http.getAddress().getPort(),
                "intake.supervision.timeout", "PT1S",
                "petitions.service-identity.signing-key-location", TestSecrets.privateKeyFile().toString());
    }

    private void caseRequest(HttpExchange exchange) throws IOException {
        requests.incrementAndGet();
        exchange.getRequestBody().readAllBytes();
        switch (mode.get()) {
            case "hang" -> {
                try {
                    Thread.sleep(5_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            case "error" -> {
                answer(exchange, 500, "{\"title\":\"Internal error\",\"status\":500}");
                return;
            }
            default -> {
            }
        }
        String authorization = String.valueOf(exchange.getRequestHeaders().getFirst("Authorization"));
        if (!authorization.matches("^Bearer [A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+$")) {
            answer(exchange, 401, "{\"title\":\"Unauthorized\",\"status\":401}");
            return;
        }
        String path = exchange.getRequestURI().getPath();
        if (path.endsWith("/progress")) {
            answer(exchange, 200, "{\"status\":\"ACCEPTED\",\"statusText\":\"已受理 (accepted)\",\"steps\":[]}");
        } else if (path.endsWith("/review-request")) {
            answer(exchange, 422, "{\"type\":\"https://petitions.gov.example/problems/review-window-closed\","
                    + "\"title\":\"The review window has closed\",\"status\":422,\"detail\":\"30 days have passed\"}");
        } else {
            answer(exchange, 200, "{\"status\":\"REPLIED\",\"satisfied\":true}");
        }
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", status >= 400 ? "application/problem+json" : "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    @Override
    public void stop() {
        if (http != null) {
            http.stop(0);
        }
        executor.shutdownNow();
    }
}

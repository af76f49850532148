package gov.petitions.intake;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A local stand-in for a challenge provider's siteverify endpoint (Turnstile, hCaptcha: the same protocol), on a
 * free port. It reads the form intake posts: a token starting with "good-" under the right secret is
 * {@code {"success": true}}, any other token {@code {"success": false, "error-codes": ["invalid-input-response"]}}.
 * Tests steer it through a separate control server ({@link #mode(String)}: "up", "down" — the verifier's port is
 * closed, "slow" — it answers after 5 s, "error" — HTTP 500, "wrong-secret" — it refuses intake's secret) and read what it received ({@link #requests()},
 * {@link #lastForm()}): test resources and test classes live in different class loaders.
 */
public class ChallengeVerifierStandIn implements QuarkusTestResourceLifecycleManager {

    static final String SECRET = "0x4AAAAAAA-test-secret-only";
    private static final String CONTROL = "challenge-stand-in.control-url";

    private HttpServer control;
    private volatile HttpServer verifier;
    private int verifierPort;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final AtomicReference<String> mode = new AtomicReference<>("up");
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicReference<String> lastForm = new AtomicReference<>("");

    /** "up" (the default), "down", "slow" or "error". */
    static void mode(String mode) {
        call("/mode/" + mode);
    }

    /** How many verifications arrived so far. */
    static int requests() {
        return Integer.parseInt(call("/requests"));
    }

    /** The last form received, decoded. */
    static Map<String, String> lastForm() {
        return decode(call("/last-form"));
    }

    private static String call(String path) {
        String base = org.eclipse.microprofile.config.ConfigProvider.getConfig().getValue(CONTROL, String.class);
        try {
            return java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                            java.net.URI.create(base + path)).build(),
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
            control = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
            verifier = verifierOn(0);
            verifierPort = verifier.getAddress().getPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        control.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            if (path.equals("/requests")) {
                answer(exchange, 200, "text/plain", String.valueOf(requests.get()));
            } else if (path.equals("/last-form")) {
                answer(exchange, 200, "text/plain", lastForm.get());
            } else if (path.startsWith("/mode/")) {
                switchTo(path.substring("/mode/".length()));
                exchange.sendResponseHeaders(204, -1);
                exchange.close();
            } else {
                answer(exchange, 404, "text/plain", "");
            }
        });
        control.setExecutor(executor);
        control.start();
        return Map.of(CONTROL, "http://127.0.0.1:" + control.getAddress().getPort(),
                "intake.challenge.verify-url", "http://127.0.0.1:" + verifierPort + "/turnstile/v0/siteverify",
                "intake.challenge.secret", SECRET);
    }

    private synchronized void switchTo(String newMode) {
        mode.set(newMode);
        try {
            if (newMode.equals("down") && verifier != null) {
                verifier.stop(0); // nothing listens: connections are refused
                verifier = null;
            } else if (!newMode.equals("down") && verifier == null) {
                verifier = verifierOn(verifierPort);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private HttpServer verifierOn(int port) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 50);
        server.createContext("/turnstile/v0/siteverify", this::siteverify);
        server.setExecutor(executor);
        server.start();
        return server;
    }

    private void siteverify(HttpExchange exchange) throws IOException {
        requests.incrementAndGet();
        String form = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        lastForm.set(form);
        switch (mode.get()) {
            case "slow" -> {
                try {
                    Thread.sleep(5_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            case "error" -> {
                answer(exchange, 500, "application/json", "{\"success\":true}");
                return;
            }
            default -> {
            }
        }
        boolean isForm = String.valueOf(exchange.getRequestHeaders().getFirst("Content-Type"))
                .startsWith("application/x-www-form-urlencoded");
        Map<String, String> fields = decode(form);
        String body;
        if (!isForm || !"POST".equals(exchange.getRequestMethod())) {
            body = "{\"success\":false,\"error-codes\":[\"bad-request\"]}";
        } else if (!SECRET.equals(fields.get("secret")) || mode.get().equals("wrong-secret")) {
            body = "{\"success\":false,\"error-codes\":[\"invalid-input-secret\"]}";
        } else if (fields.getOrDefault("response", "").startsWith("good-")) {
            body = "{\"success\":true,\"challenge_ts\":\"2026-01-01T00:00:00.000Z\",\"hostname\":\"petitions.example\","
                    + "\"error-codes\":[],\"action\":\"petition\"}";
        } else {
            body = "{\"success\":false,\"error-codes\":[\"invalid-input-response\"]}";
        }
        answer(exchange, 200, "application/json", body);
    }

    static Map<String, String> decode(String form) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String pair : form.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            fields.put(name, value);
        }
        return fields;
    }

    private static void answer(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            exchange.getResponseBody().write(bytes);
        }
        exchange.close();
    }

    @Override
    public void stop() {
        if (verifier != null) {
            verifier.stop(0);
        }
        if (control != null) {
            control.stop(0);
        }
        executor.shutdownNow();
    }
}

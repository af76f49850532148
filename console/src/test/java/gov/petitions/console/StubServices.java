package gov.petitions.console;

import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Stand-ins for the services, on a free port: /petitions tells what arrived, /ledger answers a problem+json, /statistics takes
 * its time; notification points at a closed port. Also the dev sign-in's key pair, made here at test time.
 */
public class StubServices implements QuarkusTestResourceLifecycleManager {

    public static final String PROBLEM = "{\"type\":\"https://petitions.gov.example/problems/invalid-state\",\"title\":\"Not allowed in this state\","
            + "\"status\":409,\"detail\":\"The case is REPLIED; you can accept it only when it is ASSIGNED\"}";
    public static final AtomicInteger INTERNAL_HITS = new AtomicInteger();
    public static KeyPair keys;

    private HttpServer server;

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/petitions", exchange -> {
                byte[] body = exchange.getRequestBody().readAllBytes();
                String json = "{\"method\":\"" + exchange.getRequestMethod() + "\",\"path\":\"" + exchange.getRequestURI().getRawPath()
                        + "\",\"query\":\"" + exchange.getRequestURI().getRawQuery()
                        + "\",\"authorization\":\"" + exchange.getRequestHeaders().getFirst("Authorization")
                        + "\",\"idempotencyKey\":\"" + exchange.getRequestHeaders().getFirst("Idempotency-Key")
                        + "\",\"cookie\":\"" + exchange.getRequestHeaders().getFirst("Cookie")
                        + "\",\"forwardedFor\":\"" + exchange.getRequestHeaders().get("X-Forwarded-For")
                        + "\",\"challenge\":\"" + exchange.getRequestHeaders().getFirst("Petitions-Challenge")
                        + "\",\"bodyLength\":" + body.length + "}";
                byte[] out = json.getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.getResponseHeaders().add("Idempotent-Replayed", "true");
                exchange.getResponseHeaders().add("Set-Cookie", "tracking=1");
                exchange.sendResponseHeaders(201, out.length);
                exchange.getResponseBody().write(out);
                exchange.close();
            });
            server.createContext("/ledger", exchange -> {
                byte[] out = PROBLEM.getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/problem+json");
                exchange.sendResponseHeaders(409, out.length);
                exchange.getResponseBody().write(out);
                exchange.close();
            });
            server.createContext("/statistics", exchange -> {
                try {
                    Thread.sleep(3_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                exchange.sendResponseHeaders(204, -1);
                exchange.close();
            });
            PublicFormStandIns.register(server); // the public petition form's calls (PublicPetitionFormTest)
            server.createContext("/", exchange -> {
                INTERNAL_HITS.incrementAndGet();
                exchange.sendResponseHeaders(200, -1);
                exchange.close();
            });
            server.start();
            String url = "http://127.0.0.1:" + server.getAddress().getPort();

            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            keys = generator.generateKeyPair();
            Path dir = Files.createDirectories(Path.of("target", "test-keys"));
            Path pem = dir.resolve("private.pem");
            Files.writeString(pem, "-----BEGIN PRIVATE KEY-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(keys.getPrivate().getEncoded())
                    + "\n-----END PRIVATE KEY-----\n");
            return Map.of("console.intake.url", url, "console.routing.url", url, "console.supervision.url", url,
                    "console.notification.url", "http://127.0.0.1:1",
                    "console.request-timeout", "PT1S",
                    "console.dev-sign-in.private-key-location", pem.toAbsolutePath().toString(),
                    "console.dev-sign-in.issuer", "https://petitions.test/issuer");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }
}

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
 * Stand-ins for the services, on a free port: /petitions tells what arrived (the search page's searches: SearchStandIns),
 * /ledger answers a problem+json, /statistics takes its time; notification points at a closed port. Also the dev
 * sign-in's key pair, made here at test time.
 */
public class StubServices implements QuarkusTestResourceLifecycleManager {

    public static final String PROBLEM = "{\"type\":\"https://petitions.gov.example/problems/invalid-state\",\"title\":\"Not allowed in this state\","
            + "\"status\":409,\"detail\":\"The case is REPLIED; you can accept it only when it is ASSIGNED\"}";
    public static final AtomicInteger INTERNAL_HITS = new AtomicInteger();
    /** The export stand-in holds back the rest of its file until this is counted down (ExportProxyTest). */
    public static final java.util.concurrent.CountDownLatch EXPORT_RELEASE = new java.util.concurrent.CountDownLatch(1);
    public static KeyPair keys;

    private HttpServer server;

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            // a thread per exchange, as a real service has: some stand-ins hold their answer back (the slow
            // /statistics, the export waiting for its release), and on the default single thread every other test's
            // call would queue behind them and time out at the console (a 504 that is the stand-in's, not the proxy's)
            server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
            com.sun.net.httpserver.HttpHandler petitions = exchange -> {
                byte[] body = exchange.getRequestBody().readAllBytes();
                String json = "{\"method\":\"" + exchange.getRequestMethod() + "\",\"path\":\"" + exchange.getRequestURI().getRawPath()
                        + "\",\"query\":\"" + exchange.getRequestURI().getRawQuery()
                        + "\",\"authorization\":\"" + exchange.getRequestHeaders().getFirst("Authorization")
                        + "\",\"idempotencyKey\":\"" + exchange.getRequestHeaders().getFirst("Idempotency-Key")
                        + "\",\"cookie\":\"" + exchange.getRequestHeaders().getFirst("Cookie")
                        + "\",\"forwardedFor\":\"" + exchange.getRequestHeaders().get("X-Forwarded-For")
                        + "\",\"challenge\":\"" + exchange.getRequestHeaders().getFirst("Petitions-Challenge")
                        + "\",\"bodyLength\":" + body.length
                        // a registration's receipt too, for the desk's page (its materials: PageStandIns)
                        + ",\"petitionId\":\"" + PageStandIns.DESK_PETITION + "\",\"trackingNumber\":\"" + PageStandIns.DESK_TRACKING
                        + "\",\"queryCode\":\"" + PageStandIns.DESK_QUERY_CODE + "\",\"registeredAt\":\"2026-12-06T09:30:00+08:00\"}";
                byte[] out = json.getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.getResponseHeaders().add("Idempotent-Replayed", "true");
                exchange.getResponseHeaders().add("Set-Cookie", "tracking=1");
                exchange.sendResponseHeaders(201, out.length);
                exchange.getResponseBody().write(out);
                exchange.close();
            };
            server.createContext("/petitions", petitions);
            // the search page's own searches (SearchBrowserTest); any other caller's still reach the echo above
            SearchStandIns.register(server, petitions);
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
            server.createContext("/cases/export", exchange -> {
                if (LedgerStandIns.export(exchange)) { // the ledger page's own export (LedgerBrowserTest), answered at once
                    return;
                }
                exchange.getResponseHeaders().add("Content-Type", "text/csv; charset=UTF-8");
                exchange.getResponseHeaders().add("Content-Disposition", "attachment; filename=\"cases.csv\"");
                exchange.getResponseHeaders().add("Export-Id", "7");
                exchange.getResponseHeaders().add("Set-Cookie", "tracking=1");
                exchange.sendResponseHeaders(200, 0);
                java.io.OutputStream body = exchange.getResponseBody();
                body.write(("query=" + exchange.getRequestURI().getRawQuery() + ";authorization="
                        + exchange.getRequestHeaders().getFirst("Authorization") + "\n").getBytes(StandardCharsets.UTF_8));
                body.flush();
                try {
                    EXPORT_RELEASE.await(20, java.util.concurrent.TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                byte[] row = "XF20261206000001,已受理办理中\n".getBytes(StandardCharsets.UTF_8);
                for (int i = 0; i < 10_000; i++) {
                    body.write(row);
                }
                exchange.close();
            });
            PublicFormStandIns.register(server); // the public petition form's calls (PublicPetitionFormTest)
            PageStandIns.register(server); // materials, status lookups and call-backs (MaterialsBrowserTest, CallBacksBrowserTest)
            LedgerStandIns.register(server); // the ledger's queue and bulk urge (LedgerBrowserTest)
            UrgencyStandIns.register(server); // a case's page setting its urgency (UrgencyBrowserTest)
            LinkStandIns.register(server); // a case's page linking cases of one matter (LinkedCasesBrowserTest)
            LedgerLinkStandIns.register(server); // the ledger linking ticked cases into one matter (LedgerLinkBrowserTest)
            RetentionStandIns.register(server); // retention runs and archives (RetentionBrowserTest, RetentionForwardingTest)
            CaseDocumentStandIns.register(server); // a case's documents (CaseDocumentsBrowserTest, CaseDocumentForwardingTest)
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

package gov.petitions.supervision;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real local HTTP server answering as intake-service does for the retention job (docs/archiving.md): the petition's
 * archive view ({@code GET /intake/internal/petitions/{id}/archive}) and a material's bytes
 * ({@code GET /intake/petitions/{id}/materials/{materialId}}), only to supervision-service's own service token.
 * A test takes it down ({@link #down}) to see the job leave a case pending. State is kept in system properties, as
 * strings (Narayana copies every system property as a string at start): Quarkus loads test resources and test classes
 * in different class loaders.
 */
public class IntakeStandIn implements QuarkusTestResourceLifecycleManager {

    static final String DOWN = "supervision.test.intake-down";
    static final String REQUESTS = "supervision.test.intake-requests";
    private static final Pattern ARCHIVE = Pattern.compile("^/intake/internal/petitions/([^/]+)/archive$");
    private static final Pattern MATERIAL = Pattern.compile("^/intake/petitions/([^/]+)/materials/([^/]+)$");

    /** The clean material's bytes: 300 KiB, more than any one buffer of the archive writer. */
    static final byte[] SCAN = scan();
    static final String PETITIONER_NAME = "王小明";
    /** How alike intake says a petition's text is to any other's (POST /internal/similarity), set by a test. */
    static final Map<String, Double> SIMILARITY = new java.util.concurrent.ConcurrentHashMap<>();

    private HttpServer http;

    private static byte[] scan() {
        byte[] bytes = new byte[300 * 1024];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (i * 31 + (i >> 8));
        }
        return bytes;
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public Map<String, String> start() {
        System.setProperty(DOWN, "false");
        System.setProperty(REQUESTS, "");
        try {
            http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        http.setExecutor(Executors.newFixedThreadPool(4));
        http.createContext("/intake/", exchange -> {
            try (exchange) {
                handle(exchange);
            }
        });
        http.start();
        String base = "http://127.0.0.1:" + http.getAddress().getPort();
        return Map.of(
                "supervision.retention.intake.url", base + "/intake",
                "supervision.retention.intake.timeout", "PT3S",
                "petitions.service-identity.client-id", "supervision-service",
                "petitions.service-identity.signing-key-location", gov.petitions.testing.TestSecrets.privateKeyFile().toString());
    }

    private static void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        boolean service = isSupervisionServiceIdentity(exchange.getRequestHeaders().getFirst("Authorization"));
        synchronized (IntakeStandIn.class) {
            System.setProperty(REQUESTS, System.getProperty(REQUESTS, "") + exchange.getRequestMethod() + " " + path
                    + (service ? "" : " (no service token)") + "\n");
        }
        if (Boolean.getBoolean(DOWN)) {
            send(exchange, 503, "application/problem+json", "{\"status\":503}".getBytes(StandardCharsets.UTF_8));
            return;
        }
        if (!service) {
            send(exchange, 401, "application/problem+json", "{\"status\":401}".getBytes(StandardCharsets.UTF_8));
            return;
        }
        Matcher archive = ARCHIVE.matcher(path);
        Matcher material = MATERIAL.matcher(path);
        if (archive.matches()) {
            String id = archive.group(1);
            String body = """
                    {"petition":{"petitionId":"%s","petitioner":{"name":"%s","phone":"13800138000"},
                     "content":"请求解决拖欠工资问题"},
                     "materials":[
                       {"id":"m1","fileName":"scan.pdf","contentType":"application/pdf","sizeBytes":%d,"sha256":"%s","state":"CLEAN"},
                       {"id":"m2","fileName":"virus.exe","contentType":"application/octet-stream","sizeBytes":10,"sha256":"%s","state":"INFECTED"}]}
                    """.formatted(id, PETITIONER_NAME, SCAN.length, sha256(SCAN), "0".repeat(64));
            send(exchange, 200, "application/json", body.getBytes(StandardCharsets.UTF_8));
        } else if (path.equals("/intake/internal/similarity") && exchange.getRequestMethod().equals("POST")) {
            com.fasterxml.jackson.databind.JsonNode question = new com.fasterxml.jackson.databind.ObjectMapper()
                    .readTree(exchange.getRequestBody());
            StringBuilder scores = new StringBuilder();
            for (com.fasterxml.jackson.databind.JsonNode candidate : question.path("candidates")) {
                Double score = SIMILARITY.get(candidate.asText());
                if (score != null) {
                    scores.append(scores.isEmpty() ? "" : ",").append('"').append(candidate.asText()).append("\":")
                            .append(score);
                }
            }
            send(exchange, 200, "application/json", ("{\"petitionId\":\"" + question.path("petitionId").asText()
                    + "\",\"scores\":{" + scores + "}}").getBytes(StandardCharsets.UTF_8));
        } else if (material.matches() && material.group(2).equals("m1")) {
            send(exchange, 200, "application/pdf", SCAN);
        } else {
            send(exchange, 404, "application/problem+json", "{\"status\":404}".getBytes(StandardCharsets.UTF_8));
        }
    }

    private static void send(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    /** What intake would accept: a token of the test issuer for supervision-service with the service role. */
    static boolean isSupervisionServiceIdentity(String authorization) {
        try {
            com.fasterxml.jackson.databind.JsonNode claims = gov.petitions.testing.TestTokens.verifiedClaims(authorization);
            return "supervision-service".equals(claims.path("sub").asText())
                    && claims.path("groups").toString().contains("\"service\"");
        } catch (AssertionError | RuntimeException e) {
            return false;
        }
    }

    static void down(boolean down) {
        System.setProperty(DOWN, Boolean.toString(down));
    }

    static List<String> requests() {
        return List.of(System.getProperty(REQUESTS, "").split("\n"));
    }

    @Override
    public void stop() {
        if (http != null) {
            http.stop(0);
        }
    }
}

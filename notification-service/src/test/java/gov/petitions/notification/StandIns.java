package gov.petitions.notification;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Real local servers standing in for the outside world, on random ports: one HTTP server plays the SMS
 * gateway ({@code /sms/send}), intake's contact endpoint ({@code /intake/internal/petitioners/{ref}/contact}),
 * supervision's written decisions ({@code /supervision/cases/{petitionId}/written-decision?status=})
 * and agency webhooks ({@code /agency/{name}}); GreenMail receives SMTP.
 *
 * <p>Tests reach what they received through {@link Received}: the state is kept in JDK types under a system
 * property, because Quarkus loads test resources and test classes in different class loaders.
 */
public class StandIns implements QuarkusTestResourceLifecycleManager {

    static final String STATE = "notification.test.stand-ins";
    static final String SMS_SECRET = "sms-test-secret-0123456789";
    static final String SERVICE_TOKEN = "test-service-token-for-intake";
    private static final Pattern CONTACT = Pattern.compile("^/intake/internal/petitioners/([^/]+)/contact$");
    private static final Pattern DECISION = Pattern.compile("^/supervision/cases/([^/]+)/written-decision$");

    private HttpServer http;
    private ExecutorService httpThreads;
    private GreenMail mail;

    @Override
    public Map<String, String> start() {
        Map<String, Object> state = new ConcurrentHashMap<>();
        List<Map<String, Object>> requests = Collections.synchronizedList(new ArrayList<>());
        Map<String, Object> control = new ConcurrentHashMap<>();
        Map<String, String> phoneToRef = new ConcurrentHashMap<>();
        state.put("requests", requests);
        state.put("control", control);
        try {
            http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // a hanging gateway must not hold up the intake or agency stand-ins
        httpThreads = Executors.newCachedThreadPool();
        http.setExecutor(httpThreads);
        http.createContext("/sms/send", exchange -> {
            Map<String, Object> request = record(exchange, "sms", requests);
            String body = (String) request.get("body");
            Matcher to = Pattern.compile("\"to\"\\s*:\\s*\"([^\"]+)\"").matcher(body);
            String ref = to.find() ? phoneToRef.get(to.group(1)) : null;
            if ("hang".equals(control.get("sms.mode"))) {
                long until = System.currentTimeMillis() + 15_000;
                while ("hang".equals(control.get("sms.mode")) && System.currentTimeMillis() < until) {
                    sleep(100);
                }
            }
            Object failures = ref == null ? null : control.get("sms.fail." + ref);
            // n > 0: fail the next n messages; n < 0: fail every message
            if (failures instanceof AtomicInteger left && left.getAndUpdate(n -> n > 0 ? n - 1 : n) != 0) {
                answer(exchange, 500, "{\"code\":\"GATEWAY_BUSY\"}");
                return;
            }
            answer(exchange, 200, "{\"code\":\"OK\"}");
        });
        http.createContext("/intake/", exchange -> {
            Map<String, Object> request = record(exchange, "intake", requests);
            Matcher path = CONTACT.matcher(exchange.getRequestURI().getPath());
            if (!path.matches() || !isNotificationServiceIdentity((String) request.get("authorization"))) {
                answer(exchange, path.matches() ? 401 : 404, "{}");
                return;
            }
            String ref = path.group(1);
            String configured = (String) control.get("contact." + ref);
            String[] contact = configured != null ? configured.split("\\|")
                    : new String[]{"测试信访人", "139" + String.format("%08d", Math.abs(ref.hashCode()) % 100_000_000), "安徽省合肥市测试路1号"};
            phoneToRef.put(contact[1], ref);
            answer(exchange, 200, "{\"petitionerRef\":\"" + ref + "\",\"name\":\"" + contact[0] + "\",\"phone\":\""
                    + contact[1] + "\",\"address\":\"" + contact[2] + "\"}");
        });
        http.createContext("/supervision/", exchange -> {
            Map<String, Object> request = record(exchange, "supervision", requests);
            Matcher path = DECISION.matcher(exchange.getRequestURI().getPath());
            String query = String.valueOf(exchange.getRequestURI().getRawQuery());
            if (!path.matches() || !query.startsWith("status=")) {
                answer(exchange, 404, "{}");
                return;
            }
            if (!isNotificationServiceIdentity((String) request.get("authorization"))) {
                answer(exchange, 401, "{}");
                return;
            }
            String petitionId = path.group(1);
            String status = query.substring("status=".length());
            // n > 0: fail the next n look-ups of this petition; n < 0: fail every one (supervision down)
            Object failures = control.get("supervision.fail." + petitionId);
            if (failures instanceof AtomicInteger left && left.getAndUpdate(n -> n > 0 ? n - 1 : n) != 0) {
                answer(exchange, 503, "{\"type\":\"about:blank\",\"title\":\"Unavailable\",\"status\":503}");
                return;
            }
            Object configured = control.get("decision." + petitionId + "." + status);
            String text = configured instanceof String given ? given : "测试" + status + "意见：按规定办理。";
            if (text.isEmpty()) {
                exchange.getResponseHeaders().set("Content-Type", "application/problem+json");
                answer(exchange, 404, "{\"type\":\"https://petitions.gov.example/problems/not-found\","
                        + "\"title\":\"Not found\",\"status\":404}");
                return;
            }
            answer(exchange, 200, new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(Map.of(
                    "petitionId", petitionId, "trackingNumber", "XF20261205000001", "status", status, "text", text,
                    "unitCode", "341302-RSJ", "decidedAt", "2026-12-05T07:30:00+08:00")));
        });
        http.createContext("/agency/", exchange -> {
            record(exchange, "webhook", requests);
            String name = exchange.getRequestURI().getPath().substring("/agency/".length());
            Object status = control.get("webhook.status." + name);
            if (status instanceof Integer code && code / 100 == 3) {
                // a redirect to another of our paths: a client that followed it would show up there
                exchange.getResponseHeaders().set("Location", "/agency/followed-" + name);
            }
            answer(exchange, status instanceof Integer code ? code : 204, "");
        });
        http.start();

        int smtpPort = freePort();
        mail = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        mail.start();
        Supplier<List<Map<String, String>>> mails = () -> {
            List<Map<String, String>> received = new ArrayList<>();
            for (MimeMessage message : mail.getReceivedMessages()) {
                try {
                    Map<String, String> m = new HashMap<>();
                    m.put("to", String.join(",", java.util.Arrays.stream(message.getRecipients(Message.RecipientType.TO))
                            .map(Object::toString).toList()));
                    m.put("from", message.getFrom()[0].toString());
                    m.put("subject", message.getSubject());
                    m.put("body", GreenMailUtil.getBody(message));
                    m.put("text", String.valueOf(message.getContent()));
                    received.add(m);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
            return received;
        };
        state.put("mails", mails);
        System.getProperties().put(STATE, state);

        String base = "http://127.0.0.1:" + http.getAddress().getPort();
        state.put("base", base);
        Map<String, String> config = new HashMap<>();
        config.put("notification.sms.url", base + "/sms/send");
        config.put("notification.sms.account", "petitions-test");
        config.put("notification.sms.secret", SMS_SECRET);
        config.put("notification.sms.timeout", "PT2S");
        config.put("notification.intake.url", base + "/intake");
        config.put("notification.supervision.url", base + "/supervision");
        // notification-service's own identity: short-lived tokens it signs with the test issuer's key (ServiceTokens);
        // the client secret is set only as a canary that templates must never be able to read
        config.put("petitions.service-identity.client-id", "notification-service");
        config.put("petitions.service-identity.signing-key-location", gov.petitions.testing.TestSecrets.privateKeyFile().toString());
        config.put("petitions.service-identity.client-secret", SERVICE_TOKEN);
        config.put("notification.webhook.timeout", "PT2S");
        config.put("notification.max-attempts", "4");
        config.put("notification.dispatch.SMS.concurrency", "2");
        config.put("quarkus.mailer.host", "127.0.0.1");
        config.put("quarkus.mailer.port", Integer.toString(smtpPort));
        config.put("quarkus.mailer.from", "xinfang-test@petitions.gov.example");
        return config;
    }

    /** What intake would accept: a token of the test issuer for notification-service with the service role. */
    static boolean isNotificationServiceIdentity(String authorization) {
        try {
            com.fasterxml.jackson.databind.JsonNode claims = gov.petitions.testing.TestTokens.verifiedClaims(authorization);
            return "notification-service".equals(claims.path("sub").asText())
                    && claims.path("groups").toString().contains("\"service\"")
                    && claims.path("aud").toString().contains("petitions")
                    && claims.path("exp").asLong() - claims.path("iat").asLong() <= 600;
        } catch (AssertionError e) {
            return false;
        }
    }

    @Override
    public void stop() {
        if (http != null) {
            http.stop(0);
            httpThreads.shutdownNow();
        }
        if (mail != null) {
            mail.stop();
        }
        System.getProperties().remove(STATE);
    }

    private static Map<String, Object> record(HttpExchange exchange, String kind, List<Map<String, Object>> requests)
            throws IOException {
        Map<String, Object> request = new HashMap<>();
        request.put("kind", kind);
        request.put("method", exchange.getRequestMethod());
        request.put("path", exchange.getRequestURI().getPath());
        request.put("query", String.valueOf(exchange.getRequestURI().getRawQuery()));
        Map<String, String> headers = new HashMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(), String.join(",", values)));
        request.put("headers", headers);
        request.put("authorization", headers.get("authorization"));
        request.put("body", new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        request.put("receivedAt", System.currentTimeMillis());
        requests.add(request);
        return request;
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        if (!exchange.getResponseHeaders().containsKey("Content-Type")) {
            exchange.getResponseHeaders().set("Content-Type", "application/json");
        }
        try {
            exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                exchange.getResponseBody().write(bytes);
            }
        } catch (IOException e) {
            // the client gave up waiting (a hanging-gateway test): nothing to answer
        } finally {
            exchange.close();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

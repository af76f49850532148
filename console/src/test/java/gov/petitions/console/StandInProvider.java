package gov.petitions.console;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A tiny stand-in for Keycloak's realm "petitions" (JDK HttpServer): discovery, an authorization endpoint that signs
 * the user in at once and sends the browser back with a code, a token endpoint that checks the PKCE verifier against
 * the challenge (and the client, the redirect URI, the single use of the code), refresh, and end-session. The
 * tokens are JWT-shaped but unsigned: the console never verifies them (the services do), it only reads the claims.
 */
public class StandInProvider implements QuarkusTestResourceLifecycleManager {

    static final String CLIENT_ID = "petitions-console";
    static volatile String issuer;
    static final List<Map<String, String>> AUTHORIZE = new CopyOnWriteArrayList<>();
    static final List<Map<String, String>> TOKEN = new CopyOnWriteArrayList<>();
    static final List<Map<String, String>> LOGOUT = new CopyOnWriteArrayList<>();
    static final List<String> ERRORS = new CopyOnWriteArrayList<>();
    static final AtomicInteger REFRESHES = new AtomicInteger();
    static volatile String lastAccessToken;
    /** code → the authorization request it answers */
    private static final Map<String, Map<String, String>> CODES = new ConcurrentHashMap<>();
    private static final AtomicInteger SERIAL = new AtomicInteger();

    private HttpServer server;

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        issuer = "http://127.0.0.1:" + server.getAddress().getPort() + "/realms/petitions";
        String base = "/realms/petitions";
        server.createContext(base + "/.well-known/openid-configuration", ex -> {
            Map<String, String> d = new LinkedHashMap<>();
            d.put("issuer", issuer);
            d.put("authorization_endpoint", issuer + "/protocol/openid-connect/auth");
            d.put("token_endpoint", issuer + "/protocol/openid-connect/token");
            d.put("end_session_endpoint", issuer + "/protocol/openid-connect/logout");
            json(ex, 200, d);
        });
        server.createContext(base + "/protocol/openid-connect/auth", ex -> {
            Map<String, String> q = form(ex.getRequestURI().getRawQuery());
            AUTHORIZE.add(q);
            String code = "code-" + SERIAL.incrementAndGet();
            CODES.put(code, q);
            String back = q.get("redirect_uri") + "?state=" + enc(q.get("state")) + "&code=" + code + "&iss=" + enc(issuer);
            ex.getResponseHeaders().set("Location", back);
            ex.sendResponseHeaders(302, -1);
            ex.close();
        });
        server.createContext(base + "/protocol/openid-connect/token", ex -> {
            if (ex.getRequestMethod().equals("OPTIONS")) { // no preflight is needed for a form POST; answer anyway
                cors(ex);
                ex.sendResponseHeaders(204, -1);
                ex.close();
                return;
            }
            Map<String, String> f = form(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            TOKEN.add(f);
            if (!CLIENT_ID.equals(f.get("client_id"))) {
                error(ex, "invalid_client");
                return;
            }
            if ("authorization_code".equals(f.get("grant_type"))) {
                Map<String, String> request = CODES.remove(String.valueOf(f.get("code")));
                if (request == null) {
                    error(ex, "invalid_grant: unknown or used code");
                    return;
                }
                if (!request.get("redirect_uri").equals(f.get("redirect_uri"))) {
                    error(ex, "invalid_grant: redirect_uri differs");
                    return;
                }
                if (!"S256".equals(request.get("code_challenge_method")) || f.get("code_verifier") == null
                        || !s256(f.get("code_verifier")).equals(request.get("code_challenge"))) {
                    error(ex, "invalid_grant: PKCE verification failed");
                    return;
                }
                json(ex, 200, tokens(request.get("nonce"), 300));
            } else if ("refresh_token".equals(f.get("grant_type")) && String.valueOf(f.get("refresh_token")).startsWith("refresh-")) {
                REFRESHES.incrementAndGet();
                json(ex, 200, tokens(null, 300));
            } else {
                error(ex, "unsupported_grant_type");
            }
        });
        server.createContext(base + "/protocol/openid-connect/logout", ex -> {
            Map<String, String> q = form(ex.getRequestURI().getRawQuery());
            LOGOUT.add(q);
            ex.getResponseHeaders().set("Location", q.get("post_logout_redirect_uri"));
            ex.sendResponseHeaders(302, -1);
            ex.close();
        });
        server.start();
        return Map.of("console.oidc.issuer", issuer, "console.oidc.client-id", CLIENT_ID);
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private static Map<String, String> tokens(String nonce, long seconds) {
        int n = SERIAL.incrementAndGet();
        long now = Instant.now().getEpochSecond();
        Map<String, String> t = new LinkedHashMap<>();
        t.put("access_token", jwt("{\"iss\":\"" + issuer + "\",\"sub\":\"handler-" + n + "\",\"upn\":\"handler\","
                + "\"groups\":[\"handler\"],\"unit\":\"341302-RSJ\",\"iat\":" + now + ",\"exp\":" + (now + seconds) + "}"));
        t.put("token_type", "Bearer");
        t.put("expires_in", String.valueOf(seconds));
        t.put("refresh_token", "refresh-" + n);
        if (nonce != null) {
            t.put("id_token", jwt("{\"iss\":\"" + issuer + "\",\"sub\":\"handler\",\"aud\":\"" + CLIENT_ID + "\",\"nonce\":\"" + nonce
                    + "\",\"iat\":" + now + ",\"exp\":" + (now + seconds) + "}"));
        }
        lastAccessToken = t.get("access_token");
        return t;
    }

    static String jwt(String payload) {
        Base64.Encoder b = Base64.getUrlEncoder().withoutPadding();
        return b.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + b.encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + ".stand-in";
    }

    private static String s256(String verifier) {
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void error(HttpExchange ex, String error) throws IOException {
        ERRORS.add(error);
        json(ex, 400, Map.of("error", error));
    }

    private static void cors(HttpExchange ex) {
        // Keycloak's web origins "+": the redirect URIs' origins may call it
        String origin = ex.getRequestHeaders().getFirst("Origin");
        if (origin != null) {
            ex.getResponseHeaders().set("Access-Control-Allow-Origin", origin);
            ex.getResponseHeaders().set("Access-Control-Allow-Headers", "Content-Type, Accept");
            ex.getResponseHeaders().set("Vary", "Origin");
        }
    }

    private static void json(HttpExchange ex, int status, Map<String, String> body) throws IOException {
        StringBuilder s = new StringBuilder("{");
        body.forEach((k, v) -> s.append(s.length() > 1 ? "," : "").append('"').append(k).append("\":")
                .append(k.equals("expires_in") ? v : "\"" + v.replace("\\", "\\\\").replace("\"", "\\\"") + "\""));
        byte[] bytes = s.append('}').toString().getBytes(StandardCharsets.UTF_8);
        cors(ex);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        ex.sendResponseHeaders(status, bytes.length);
        ex.getResponseBody().write(bytes);
        ex.close();
    }

    static Map<String, String> form(String raw) {
        Map<String, String> m = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return m;
        }
        for (String pair : raw.split("&")) {
            String[] kv = pair.split("=", 2);
            m.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8), kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
        }
        return m;
    }

    private static String enc(String s) {
        return java.net.URLEncoder.encode(s == null ? "" : s, StandardCharsets.UTF_8);
    }

    static URI issuerUri() {
        return URI.create(issuer);
    }
}

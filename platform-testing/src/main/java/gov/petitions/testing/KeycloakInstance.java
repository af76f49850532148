package gov.petitions.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The real Keycloak that {@code ./petitions} starts for a test run (infra/keycloak/keycloak.sh, the realm compose and
 * Kubernetes import), found through {@code PETITIONS_KEYCLOAK_URL} and the secrets file {@code PETITIONS_KEYCLOAK_ENV}.
 * Tests get tokens from it as clients and people do: client credentials for a service account, and for people a
 * test-only public client with the password grant that {@link #passwordToken} adds through the admin API (the shipped
 * realm allows people only the authorization code with PKCE, which the console's browser test drives).
 * Without Keycloak, {@link #require()} skips the test with one line saying how to start it — unless
 * {@code PETITIONS_REQUIRE_KEYCLOAK} is set (as {@code ./petitions test} does), when it fails.
 */
public final class KeycloakInstance {

    public static final String REALM = "petitions";
    private static final String PASSWORD_CLIENT = "e2e-password-grant";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final String base;
    private final Map<String, String> secrets;

    private KeycloakInstance(String base, Map<String, String> secrets) {
        this.base = base;
        this.secrets = secrets;
    }

    /** The running Keycloak, if {@code PETITIONS_KEYCLOAK_URL} names one that answers. */
    public static Optional<KeycloakInstance> find() {
        String url = System.getenv("PETITIONS_KEYCLOAK_URL");
        String env = System.getenv("PETITIONS_KEYCLOAK_ENV");
        if (url == null || url.isBlank() || env == null || !Files.isReadable(Path.of(env))) {
            return Optional.empty();
        }
        KeycloakInstance keycloak = new KeycloakInstance(url.replaceAll("/$", ""), read(Path.of(env)));
        try {
            return keycloak.get(keycloak.issuer() + "/.well-known/openid-configuration").statusCode() == 200
                    ? Optional.of(keycloak) : Optional.empty();
        } catch (UncheckedIOException e) {
            return Optional.empty();
        }
    }

    /** The running Keycloak; skips the calling test without one (fails instead where it is required). */
    public static KeycloakInstance require() {
        Optional<KeycloakInstance> found = find();
        String missing = "no Keycloak: PETITIONS_ENV=test ./petitions infra up starts one and prints PETITIONS_KEYCLOAK_URL "
                + "and PETITIONS_KEYCLOAK_ENV to export";
        if (found.isEmpty() && System.getenv("PETITIONS_REQUIRE_KEYCLOAK") != null) {
            throw new AssertionError(missing);
        }
        Assumptions.assumeTrue(found.isPresent(), missing);
        return found.get();
    }

    /** The realm's issuer: what its tokens carry as {@code iss}. */
    public String issuer() {
        return base + "/realms/" + REALM;
    }

    public String jwksUrl() {
        return issuer() + "/protocol/openid-connect/certs";
    }

    public String origin() {
        return base;
    }

    public String testUserPassword() {
        return secrets.get("PETITIONS_TEST_USER_PASSWORD");
    }

    /** A service account's access token, by client credentials (e.g. {@code intake-service}). */
    public String clientCredentialsToken(String clientId) {
        String secret = secrets.get(clientId.toUpperCase().replace('-', '_') + "_CLIENT_SECRET");
        return token(Map.of("grant_type", "client_credentials", "client_id", clientId, "client_secret", secret));
    }

    /** A realm user's access token (clerk, handler, supervisor, leader, auditor, admin: the realm's test users). */
    public String passwordToken(String username) {
        ensurePasswordClient();
        return token(Map.of("grant_type", "password", "client_id", PASSWORD_CLIENT, "username", username,
                "password", testUserPassword(), "scope", "openid"));
    }

    /** Lets a console on {@code origin} (a test's random port) sign in and out through the realm's console client. */
    public void allowConsoleAt(String origin) {
        ObjectNode client = consoleClient();
        add((ArrayNode) client.withArray("redirectUris"), origin + "/signed-in.html");
        add((ArrayNode) client.withArray("webOrigins"), origin);
        ObjectNode attributes = client.with("attributes");
        String logout = attributes.path("post.logout.redirect.uris").asText("");
        String mine = origin + "/sign-in.html?signed-out=1";
        if (!logout.contains(mine)) {
            attributes.put("post.logout.redirect.uris", logout.isEmpty() ? mine : logout + "##" + mine);
        }
        admin("PUT", "/clients/" + client.path("id").asText(), client.toString());
    }

    /** Sessions the user has in the realm now (0 after signing out). */
    public int sessionsOf(String username) {
        JsonNode users = parse(admin("GET", "/users?exact=true&username=" + username, null));
        return parse(admin("GET", "/users/" + users.get(0).path("id").asText() + "/sessions", null)).size();
    }

    /**
     * Adds a person to the realm (once), with the realm's test password: a {@code role} scoped by a {@code unit} or
     * {@code jurisdiction} (either may be null), as an agency's administrator would. The shipped realm has one test
     * user per role; tests that need a scope it lacks (the realm's clerk has no jurisdiction) add their own.
     */
    public synchronized void ensureUser(String username, String role, String unit, String jurisdiction) {
        if (parse(admin("GET", "/users?exact=true&username=" + username, null)).size() > 0) {
            return;
        }
        ObjectNode user = JSON.createObjectNode().put("username", username).put("enabled", true)
                .put("firstName", role).put("lastName", "E2E").put("email", username + "@petitions.example")
                .put("emailVerified", true);
        ObjectNode attributes = user.putObject("attributes");
        if (unit != null) {
            attributes.putArray("unit").add(unit);
        }
        if (jurisdiction != null) {
            attributes.putArray("jurisdiction").add(jurisdiction);
        }
        user.putArray("credentials").addObject().put("type", "password").put("value", testUserPassword()).put("temporary", false);
        admin("POST", "/users", user.toString());
        String id = parse(admin("GET", "/users?exact=true&username=" + username, null)).get(0).path("id").asText();
        JsonNode realmRole = parse(admin("GET", "/roles/" + role, null));
        admin("POST", "/users/" + id + "/role-mappings/realm", JSON.createArrayNode().add(realmRole).toString());
    }

    /**
     * The realm's recorded login events of one type and client, newest first ({@code CLIENT_LOGIN}: a
     * client-credentials grant). ./petitions switches the recording on for its instances (keycloak.sh trust).
     */
    public List<JsonNode> events(String type, String clientId) {
        List<JsonNode> events = new ArrayList<>();
        parse(admin("GET", "/events?type=" + type + "&client=" + clientId + "&max=1000", null)).forEach(events::add);
        return events;
    }

    /** The ids ({@code kid}) of the keys the realm's JWKS publishes for verifying signatures. */
    public Set<String> signatureKeyIds() {
        Set<String> ids = new LinkedHashSet<>();
        for (JsonNode key : parse(get(jwksUrl()).body()).path("keys")) {
            if (!"enc".equals(key.path("use").asText())) {
                ids.add(key.path("kid").asText());
            }
        }
        return ids;
    }

    private ObjectNode consoleClient() {
        return (ObjectNode) parse(admin("GET", "/clients?clientId=petitions-console", null)).get(0);
    }

    private synchronized void ensurePasswordClient() {
        if (parse(admin("GET", "/clients?clientId=" + PASSWORD_CLIENT, null)).size() > 0) {
            return;
        }
        // the console client's mappers (audience, groups, unit, jurisdiction, upn), so the tokens carry the same claims
        ObjectNode client = consoleClient().deepCopy();
        client.remove("id");
        client.put("clientId", PASSWORD_CLIENT);
        client.put("name", PASSWORD_CLIENT);
        client.put("description", "tests only: the password grant for the realm's test users");
        client.put("directAccessGrantsEnabled", true);
        client.put("standardFlowEnabled", false);
        client.putArray("redirectUris");
        client.putArray("webOrigins");
        for (JsonNode mapper : client.path("protocolMappers")) {
            ((ObjectNode) mapper).remove("id");
        }
        admin("POST", "/clients", client.toString());
    }

    private String adminToken() {
        return token("master", Map.of("grant_type", "password", "client_id", "admin-cli",
                "username", secrets.getOrDefault("KC_BOOTSTRAP_ADMIN_USERNAME", "admin"),
                "password", secrets.get("KC_BOOTSTRAP_ADMIN_PASSWORD")));
    }

    private String admin(String method, String path, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + "/admin/realms/" + REALM + path))
                .timeout(Duration.ofSeconds(20)).header("Authorization", "Bearer " + adminToken());
        if (body != null) {
            request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        HttpResponse<String> response = send(request.build());
        if (response.statusCode() >= 300) {
            throw new AssertionError("Keycloak admin " + method + " " + path + " → " + response.statusCode() + " " + response.body());
        }
        return response.body();
    }

    private String token(Map<String, String> form) {
        return token(REALM, form);
    }

    private String token(String realm, Map<String, String> form) {
        String body = form.entrySet().stream().map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(base + "/realms/" + realm
                        + "/protocol/openid-connect/token")).timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
        if (response.statusCode() != 200) {
            throw new AssertionError("Keycloak token (" + form.get("grant_type") + ") → " + response.statusCode() + " " + response.body());
        }
        return parse(response.body()).path("access_token").asText();
    }

    private HttpResponse<String> get(String url) {
        return send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).GET().build());
    }

    private static HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void add(ArrayNode array, String value) {
        for (JsonNode v : array) {
            if (v.asText().equals(value)) {
                return;
            }
        }
        array.add(value);
    }

    private static JsonNode parse(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The claims of a JWT (not verified: the services do that). */
    public static JsonNode claims(String jwt) {
        return parse(new String(java.util.Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), StandardCharsets.UTF_8));
    }

    private static Map<String, String> read(Path env) {
        Map<String, String> values = new LinkedHashMap<>();
        try {
            for (String line : Files.readAllLines(env)) {
                int eq = line.indexOf('=');
                if (eq > 0 && !line.startsWith("#")) {
                    values.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return values;
    }
}

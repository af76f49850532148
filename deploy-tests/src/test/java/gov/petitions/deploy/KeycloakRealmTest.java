package gov.petitions.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import gov.petitions.deploy.Yaml.Doc;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.net.URI;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Keycloak realm of compose (deploy/compose/keycloak/petitions-realm.json) and of Kubernetes
 * (deploy/base/keycloak/realm-import.yaml): the roles of README.md, a client per service, the claims
 * the services read, a test user per role with no password committed, and the two realms alike.
 * Every service requires the audience {@link #AUDIENCE} and refuses a person's token living over an hour and a
 * service's over ten minutes (platform-support's TokenPolicy), so every client puts the audience into its tokens
 * and no access token lives longer than {@link #MAX_ACCESS_TOKEN_SECONDS}; people sign in only with the
 * authorization code and PKCE, to exact URIs; each service that calls another has its own client identity.
 */
class KeycloakRealmTest {

    /** README.md, "Architecture": roles come from the groups claim. */
    static final List<String> ROLES = List.of("clerk", "handler", "supervisor", "leader", "auditor", "admin", "service");

    /** The audience every service requires (petitions.jwt.audience, TokenPolicy.DEFAULT_AUDIENCE). */
    static final String AUDIENCE = "petitions";

    /** Five minutes: below a service token's ten-minute limit, and a person's hour. */
    static final int MAX_ACCESS_TOKEN_SECONDS = 300;

    static final String CONSOLE_CLIENT = "petitions-console";

    /** Where the console is reached: compose publishes 8090 on this host; Kubernetes' ingress host; dev's port-forward. */
    static final List<String> COMPOSE_CONSOLE_ORIGINS = List.of("http://localhost:8090", "http://127.0.0.1:8090");
    static final List<String> KUBERNETES_CONSOLE_ORIGINS = List.of("https://console.petitions.example");
    static final List<String> DEV_CONSOLE_ORIGINS = COMPOSE_CONSOLE_ORIGINS;

    private static JsonNode composeRealm() throws Exception {
        return Yaml.JSON.readTree(Files.readString(Repo.path("deploy/compose/keycloak/petitions-realm.json")));
    }

    private static JsonNode kubernetesRealm() {
        Doc doc = Yaml.docs(Repo.path("deploy/base/keycloak/realm-import.yaml")).get(0);
        return doc.node().path("spec").path("realm");
    }

    /** Every realm that is deployed: compose's, the base's, and each overlay's as rendered (when kubectl can). */
    private static Map<String, JsonNode> deployedRealms() throws Exception {
        Map<String, JsonNode> realms = new LinkedHashMap<>();
        realms.put("compose", composeRealm());
        realms.put("kubernetes base", kubernetesRealm());
        for (String overlay : List.of("dev", "prod")) {
            Kustomize.Rendering rendering = Kustomize.render(Repo.path("deploy/overlays/" + overlay));
            if (!rendering.full()) {
                Tools.note("realm of the " + overlay + " overlay not rendered (neither kubectl nor kustomize): the patch file is checked as text");
                continue;
            }
            for (Doc doc : rendering.docs()) {
                if (doc.kind().equals("KeycloakRealmImport")) {
                    realms.put(overlay + " overlay", doc.node().path("spec").path("realm"));
                }
            }
        }
        return realms;
    }

    @Test
    void theRolesAreTheOnesTheServicesCheck() throws Exception {
        String readme = Files.readString(Repo.path("README.md"));
        for (String role : ROLES) {
            assertTrue(readme.contains("`" + role + "`"), "README.md names role " + role);
        }
        assertEquals(new TreeSet<>(ROLES), roles(composeRealm()));
        assertEquals("petitions", composeRealm().path("realm").asText());
    }

    @Test
    void aClientPerServiceWhoseServiceAccountHasTheServiceRole() throws Exception {
        JsonNode realm = composeRealm();
        for (String service : Repo.SERVICES) {
            JsonNode client = client(realm, service);
            assertFalse(client.path("publicClient").asBoolean(true), service + " is confidential");
            assertTrue(client.path("serviceAccountsEnabled").asBoolean(), service + " has a service account");
            assertTrue(!client.has("secret") || client.path("secret").asText().matches("\\$\\{[A-Z_]+}"),
                    service + ": no client secret committed (Keycloak generates it, or it comes from the environment)");
            JsonNode account = user(realm, "service-account-" + service);
            assertEquals(service, account.path("serviceAccountClientId").asText());
            assertTrue(account.path("realmRoles").toString().contains("\"service\""));
        }
    }

    @Test
    void everyClientPutsTheClaimsTheServicesReadIntoItsTokens() throws Exception {
        for (JsonNode realm : List.of(composeRealm(), kubernetesRealm())) {
            for (JsonNode client : realm.path("clients")) {
                Map<String, String> claims = new TreeMap<>();
                client.path("protocolMappers").forEach(m -> claims.put(m.path("config").path("claim.name").asText(), m.path("protocolMapper").asText()));
                assertEquals("oidc-usermodel-realm-role-mapper", claims.get("groups"), client.path("clientId") + ": roles in 'groups'");
                assertEquals("oidc-usermodel-attribute-mapper", claims.get("unit"), client.path("clientId") + ": 'unit'");
                assertEquals("oidc-usermodel-attribute-mapper", claims.get("jurisdiction"), client.path("clientId") + ": 'jurisdiction'");
                assertTrue(claims.containsKey("upn"), client.path("clientId") + ": 'upn'");
                client.path("protocolMappers").forEach(m -> {
                    if (m.path("config").path("claim.name").asText().equals("groups")) {
                        assertEquals("true", m.path("config").path("multivalued").asText());
                        assertEquals("true", m.path("config").path("access.token.claim").asText());
                    }
                });
            }
            String profile = realm.path("components").path("org.keycloak.userprofile.UserProfileProvider").toString();
            assertTrue(profile.contains("\\\"unit\\\"") && profile.contains("\\\"jurisdiction\\\""),
                    "the user profile declares 'unit' and 'jurisdiction', so that Keycloak keeps them");
        }
    }

    @Test
    void aTestUserPerRoleAndNoPasswordCommitted() throws Exception {
        JsonNode realm = composeRealm();
        Set<String> covered = new TreeSet<>();
        for (JsonNode user : realm.path("users")) {
            user.path("realmRoles").forEach(r -> covered.add(r.asText()));
            for (JsonNode credential : user.path("credentials")) {
                assertTrue(credential.path("value").asText().matches("\\$\\{[A-Z_]+}"),
                        user.path("username") + ": the password is a placeholder the environment fills in");
            }
        }
        assertEquals(new TreeSet<>(ROLES), covered, "every role has a test user");
        assertEquals("341302-RSJ", user(realm, "handler").path("attributes").path("unit").path(0).asText());
        assertFalse(user(realm, "supervisor").path("attributes").path("jurisdiction").path(0).asText().isEmpty());

        String dev = Yaml.read(Repo.path("deploy/overlays/dev/patches/realm-test-users.yaml"));
        for (String role : ROLES.subList(0, 6)) {
            assertTrue(dev.contains("username: " + role), "the dev overlay adds test user " + role);
        }
        for (JsonNode user : kubernetesRealm().path("users")) {
            assertTrue(user.path("username").asText().startsWith("service-account-"), "no people in the base realm: " + user.path("username"));
        }
    }

    /** Issue #17: every service requires aud=petitions; a token without it is refused, so every client must add it. */
    @Test
    void everyClientPutsTheAudienceIntoItsAccessTokens() throws Exception {
        for (Map.Entry<String, JsonNode> realm : deployedRealms().entrySet()) {
            assertFalse(realm.getValue().path("clients").isEmpty(), realm.getKey() + ": clients");
            for (JsonNode client : realm.getValue().path("clients")) {
                String where = realm.getKey() + ": client " + client.path("clientId").asText();
                boolean audience = false;
                for (JsonNode mapper : client.path("protocolMappers")) {
                    JsonNode config = mapper.path("config");
                    audience |= "oidc-audience-mapper".equals(mapper.path("protocolMapper").asText())
                            && AUDIENCE.equals(config.path("included.custom.audience").asText())
                            && "true".equals(config.path("access.token.claim").asText());
                }
                assertTrue(audience, where + ": an oidc-audience-mapper with included.custom.audience=" + AUDIENCE
                        + " and access.token.claim=true");
            }
        }
    }

    /** Issue #17 item 10: the authorization code (with PKCE) is the only way a person gets a token. */
    @Test
    void noClientHasThePasswordGrantOrTheImplicitFlow() throws Exception {
        for (Map.Entry<String, JsonNode> realm : deployedRealms().entrySet()) {
            for (JsonNode client : realm.getValue().path("clients")) {
                String where = realm.getKey() + ": client " + client.path("clientId").asText();
                // said explicitly: a client created in Keycloak's admin console has direct access grants on by default
                assertTrue(client.path("directAccessGrantsEnabled").isBoolean() && !client.path("directAccessGrantsEnabled").asBoolean(),
                        where + ": directAccessGrantsEnabled: false (no password grant)");
                assertTrue(client.path("implicitFlowEnabled").isBoolean() && !client.path("implicitFlowEnabled").asBoolean(),
                        where + ": implicitFlowEnabled: false");
                for (String grant : List.of("oauth2.device.authorization.grant.enabled", "oidc.ciba.grant.enabled",
                        "standard.token.exchange.enabled")) {
                    assertFalse(client.path("attributes").path(grant).asText("false").equals("true"), where + ": " + grant);
                }
                if (!client.path("publicClient").asBoolean(false)) {
                    assertFalse(client.path("standardFlowEnabled").asBoolean(true), where + ": a service's client signs in no person");
                }
            }
        }
        // the dev overlay once turned the console's password grant on: its patch must never again
        String devPatch = Yaml.read(Repo.path("deploy/overlays/dev/patches/realm-test-users.yaml"));
        assertFalse(devPatch.contains("directAccessGrantsEnabled"), "the dev overlay leaves the password grant off");
        assertFalse(devPatch.contains("implicitFlowEnabled"), "the dev overlay leaves the implicit flow off");
    }

    /** Exact URIs only: a wildcard (or '+', "the redirect URIs' origins") lets a look-alike page receive a code. */
    @Test
    void noClientHasAWildcardRedirectOriginOrPostLogoutUri() throws Exception {
        for (Map.Entry<String, JsonNode> realm : deployedRealms().entrySet()) {
            for (JsonNode client : realm.getValue().path("clients")) {
                String where = realm.getKey() + ": client " + client.path("clientId").asText();
                List<String> uris = new ArrayList<>();
                client.path("redirectUris").forEach(u -> uris.add(u.asText()));
                client.path("webOrigins").forEach(u -> uris.add(u.asText()));
                uris.addAll(postLogoutUris(client));
                if (client.hasNonNull("rootUrl")) {
                    uris.add(client.path("rootUrl").asText());
                }
                for (String uri : uris) {
                    assertFalse(uri.contains("*") || uri.equals("+") || uri.equals("-"), where + ": " + uri + " is not an exact URI");
                    URI parsed = URI.create(uri);
                    assertTrue(parsed.isAbsolute() && parsed.getHost() != null, where + ": " + uri + " is not absolute");
                }
                if (!client.path("publicClient").asBoolean(false)) {
                    assertTrue(client.path("redirectUris").isEmpty() && client.path("webOrigins").isEmpty(),
                            where + ": a service's client redirects no browser");
                }
            }
        }
    }

    /** Issue #17: a person's token at most an hour, a service's at most ten minutes; every access token here 5 minutes. */
    @Test
    void noAccessTokenOutlivesFiveMinutes() throws Exception {
        for (Map.Entry<String, JsonNode> realm : deployedRealms().entrySet()) {
            JsonNode r = realm.getValue();
            for (String lifespan : List.of("accessTokenLifespan", "accessTokenLifespanForImplicitFlow")) {
                assertTrue(r.path(lifespan).isInt() && r.path(lifespan).asInt() > 0 && r.path(lifespan).asInt() <= MAX_ACCESS_TOKEN_SECONDS,
                        realm.getKey() + ": " + lifespan + " " + r.path(lifespan) + " (at most " + MAX_ACCESS_TOKEN_SECONDS + " s, and set)");
            }
            for (JsonNode client : r.path("clients")) {
                String where = realm.getKey() + ": client " + client.path("clientId").asText();
                for (Iterator<Map.Entry<String, JsonNode>> it = client.path("attributes").fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> attribute = it.next();
                    if (attribute.getKey().startsWith("access.token.lifespan")) {
                        assertTrue(attribute.getValue().asText().matches("\\d+")
                                        && Integer.parseInt(attribute.getValue().asText()) <= MAX_ACCESS_TOKEN_SECONDS,
                                where + ": " + attribute.getKey() + " " + attribute.getValue().asText() + " (at most " + MAX_ACCESS_TOKEN_SECONDS + " s)");
                    }
                }
                if (!client.path("publicClient").asBoolean(false)) {
                    // a service's token stays under its ten minutes even if the people's lifespan is raised one day
                    assertEquals(String.valueOf(MAX_ACCESS_TOKEN_SECONDS), client.path("attributes").path("access.token.lifespan").asText(),
                            where + ": access.token.lifespan pinned to " + MAX_ACCESS_TOKEN_SECONDS);
                    assertFalse(client.path("attributes").path("use.refresh.tokens.for.client.credentials.grant").asText().equals("true"),
                            where + ": no refresh token for client credentials");
                }
            }
        }
        for (String file : List.of("deploy/overlays/dev/patches/realm-test-users.yaml", "deploy/overlays/dev/kustomization.yaml",
                "deploy/overlays/prod/kustomization.yaml")) {
            String text = Yaml.read(Repo.path(file));
            assertFalse(text.contains("ccessTokenLifespan") || text.contains("access.token.lifespan"), file + " changes no token lifespan");
        }
    }

    /**
     * Issue #16: a service calls another with short-lived tokens of its own client (client credentials), never with a
     * static token: that client exists in the realm, is confidential with a service account holding the 'service' role
     * (into 'groups') and the audience, and the secret the service is given is the one the realm import gives the client.
     */
    @Test
    void aServiceThatCallsAnotherHasItsOwnClientIdentity() throws Exception {
        JsonNode composeFile = Yaml.tree(Repo.path("docker-compose.yml"));
        Map<String, String> keycloakEnv = ComposeChecks.environment(composeFile.path("services").path("keycloak").path("environment"));
        List<String> withIdentity = new ArrayList<>();
        for (String service : Repo.SERVICES) {
            Map<String, String> env = ComposeChecks.environment(composeFile.path("services").path(service).path("environment"));
            boolean callsAnother = env.values().stream().anyMatch(v -> {
                String callee = RequiredConfig.calledService(v);
                return callee != null && !callee.equals(service);
            });
            assertEquals(callsAnother, env.containsKey(RequiredConfig.IDENTITY_CLIENT_ID),
                    service + ": an identity of its own exactly when it calls another service (compose)");
            RequiredConfig.STATIC_SERVICE_TOKENS.forEach(t -> assertFalse(env.containsKey(t), service + ": no static token " + t));
            if (!callsAnother) {
                continue;
            }
            withIdentity.add(service);
            assertEquals(service, env.get(RequiredConfig.IDENTITY_CLIENT_ID));
            assertEquals("http://keycloak:8080/realms/petitions/protocol/openid-connect/token", env.get(RequiredConfig.IDENTITY_TOKEN_ENDPOINT));
            String variable = placeholder(env.get(RequiredConfig.IDENTITY_CLIENT_SECRET));
            assertEquals("${" + variable + "}", client(composeRealm(), service).path("secret").asText(),
                    service + ": compose gives it the secret the realm import gives its client");
            assertTrue(keycloakEnv.containsKey(variable), "compose gives Keycloak " + variable + " for the realm import");
            assertTrue(Yaml.read(Repo.path("deploy/compose/make-env.sh")).contains(variable + " secret"),
                    "make-env.sh writes " + variable);

            Doc configMap = Yaml.docs(Repo.path("deploy/base/" + service + "/configmap.yaml")).get(0);
            assertEquals(service, configMap.node().path("data").path(RequiredConfig.IDENTITY_CLIENT_ID).asText(), service + ": Kubernetes client id");
            assertEquals("http://keycloak-service:8080/realms/petitions/protocol/openid-connect/token",
                    configMap.node().path("data").path(RequiredConfig.IDENTITY_TOKEN_ENDPOINT).asText(), service + ": Kubernetes token endpoint");
            JsonNode secretRef = null;
            for (JsonNode e : Yaml.docs(Repo.path("deploy/base/" + service + "/deployment.yaml")).get(0).node()
                    .path("spec").path("template").path("spec").path("containers").path(0).path("env")) {
                if (e.path("name").asText().equals(RequiredConfig.IDENTITY_CLIENT_SECRET)) {
                    secretRef = e.path("valueFrom").path("secretKeyRef");
                }
            }
            assertTrue(secretRef != null && !secretRef.isMissingNode(), service + ": Kubernetes takes the client secret from a Secret");
            String k8sVariable = placeholder(client(kubernetesRealm(), service).path("secret").asText());
            JsonNode source = Yaml.docs(Repo.path("deploy/base/keycloak/realm-import.yaml")).get(0).node()
                    .path("spec").path("placeholders").path(k8sVariable).path("secret");
            assertEquals(source.path("name").asText(), secretRef.path("name").asText(), service + ": the realm import's Secret");
            assertEquals(source.path("key").asText(), secretRef.path("key").asText(), service + ": the realm import's key");
        }
        assertEquals(List.of("intake-service", "supervision-service", "notification-service"), withIdentity, "the services that call another");
        for (JsonNode realm : List.of(composeRealm(), kubernetesRealm())) {
            for (String service : Repo.SERVICES) {
                JsonNode client = client(realm, service);
                assertTrue(client.path("serviceAccountsEnabled").asBoolean(false), service + ": client credentials");
                assertTrue(user(realm, "service-account-" + service).path("realmRoles").toString().contains("\"service\""),
                        service + ": its service account has the 'service' role");
                assertTrue(client.path("protocolMappers").toString().contains("oidc-usermodel-realm-role-mapper"),
                        service + ": realm roles into 'groups'");
            }
        }
    }

    private static String placeholder(String value) {
        Matcher m = Pattern.compile("\\$\\{([A-Z0-9_]+)(:[?-][^}]*)?}").matcher(value == null ? "" : value);
        assertTrue(m.matches(), value + " is a ${VARIABLE} the environment fills in");
        return m.group(1);
    }

    @Test
    void composeAndKubernetesHaveTheSameRealm() throws Exception {
        JsonNode compose = composeRealm();
        JsonNode kubernetes = kubernetesRealm();
        assertEquals(roles(compose), roles(kubernetes));
        assertEquals(clients(compose), clients(kubernetes), "same clients and token mappers");
        assertEquals(clientSettings(compose), clientSettings(kubernetes),
                "same clients in every setting but the console's URIs (and how the secrets are given)");
        assertEquals(realmSettings(compose), realmSettings(kubernetes), "same realm settings (lifespans, sessions, brute force)");
        assertEquals(compose.path("components"), kubernetes.path("components"), "same user profile");
        String service = Yaml.tree(Repo.path("docker-compose.yml")).path("services").path("keycloak").toString();
        assertTrue(service.contains("--import-realm") && service.contains("petitions-realm.json"), "compose imports the realm");
    }

    /**
     * The console signs people in in the browser (console/js/oidc.js): authorization code with PKCE (S256) through the
     * realm's public client, which sends the browser back to exactly the console's callback page, lets exactly the
     * console's origin call the token endpoint (web origins), and returns it after sign-out to exactly the page oidc.js
     * names, in compose, Kubernetes and the dev overlay; and the console is given that client.
     */
    @Test
    void theConsoleSignsPeopleInThroughAPublicClientWithPkceToExactUris() throws Exception {
        Map<String, String> composeEnv = ComposeChecks.environment(
                Yaml.tree(Repo.path("docker-compose.yml")).path("services").path(Repo.CONSOLE).path("environment"));
        assertEquals(CONSOLE_CLIENT, composeEnv.get("CONSOLE_OIDC_CLIENT_ID"), "compose: the console's client");
        assertEquals("http://keycloak:8080/realms/petitions", composeEnv.get("CONSOLE_OIDC_ISSUER").replaceAll("\\$\\{CONSOLE_OIDC_ISSUER:-(.*)}", "$1"),
                "compose: the issuer the tokens carry (KC_HOSTNAME)");
        assertEquals("8090:8090", Yaml.tree(Repo.path("docker-compose.yml")).path("services").path(Repo.CONSOLE).path("ports").path(0).asText(),
                "compose: the console on port 8090, the port of its URIs");
        Doc configMap = Yaml.docs(Repo.path("deploy/base/console/configmap.yaml")).get(0);
        assertEquals(CONSOLE_CLIENT, configMap.node().path("data").path("CONSOLE_OIDC_CLIENT_ID").asText(), "Kubernetes: the console's client");
        String deployment = Yaml.read(Repo.path("deploy/base/console/deployment.yaml"));
        assertTrue(deployment.contains("name: CONSOLE_OIDC_ISSUER") && deployment.contains("key: PETITIONS_JWT_ISSUER"),
                "Kubernetes: the console's issuer is the services' (petitions-common PETITIONS_JWT_ISSUER)");

        String oidcJs = Yaml.read(Repo.path("console/src/main/resources/META-INF/resources/js/oidc.js"));
        Matcher callback = Pattern.compile("CALLBACK_PATH = '([^']+)'").matcher(oidcJs);
        assertTrue(callback.find(), "oidc.js names its callback path");
        Matcher signedOut = Pattern.compile("`\\$\\{location\\.origin}(/[^`]+)`").matcher(oidcJs);
        assertTrue(signedOut.find(), "oidc.js names the page it returns to after signing out");
        String callbackPath = callback.group(1);
        String signedOutPath = signedOut.group(1);

        Map<String, List<String>> origins = new LinkedHashMap<>();
        origins.put("compose", COMPOSE_CONSOLE_ORIGINS);
        origins.put("kubernetes base", KUBERNETES_CONSOLE_ORIGINS);
        origins.put("dev overlay", DEV_CONSOLE_ORIGINS);
        origins.put("prod overlay", KUBERNETES_CONSOLE_ORIGINS);
        Map<String, JsonNode> realms = deployedRealms();
        for (Map.Entry<String, JsonNode> realm : realms.entrySet()) {
            String where = realm.getKey() + ": " + CONSOLE_CLIENT;
            JsonNode client = client(realm.getValue(), CONSOLE_CLIENT);
            assertTrue(client.path("publicClient").asBoolean(false), where + " is public: a browser keeps no secret");
            assertTrue(client.path("standardFlowEnabled").asBoolean(false), where + ": authorization code flow");
            assertFalse(client.path("implicitFlowEnabled").asBoolean(true), where + ": no implicit flow");
            assertFalse(client.path("directAccessGrantsEnabled").asBoolean(true), where + ": no password grant");
            assertEquals("S256", client.path("attributes").path("pkce.code.challenge.method").asText(), where + ": PKCE S256 required");
            List<String> expectedOrigins = origins.get(realm.getKey());
            assertEquals(expectedOrigins.stream().map(o -> o + callbackPath).toList(), texts(client.path("redirectUris")),
                    where + ": exactly the console's callback page");
            assertEquals(expectedOrigins, texts(client.path("webOrigins")), where + ": exactly the console's origins may call the token endpoint (CORS)");
            assertEquals(expectedOrigins.stream().map(o -> o + signedOutPath).toList(), postLogoutUris(client),
                    where + ": exactly the console's signed-out page");
        }
        assertTrue(realms.containsKey("compose") && realms.containsKey("kubernetes base"));
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(n -> texts.add(n.asText()));
        return texts;
    }

    /** Keycloak keeps the post-logout redirect URIs in one attribute, separated by "##". */
    private static List<String> postLogoutUris(JsonNode client) {
        String value = client.path("attributes").path("post.logout.redirect.uris").asText("");
        return value.isEmpty() ? List.of() : List.of(value.split("##"));
    }

    /** A client's settings, without what legitimately differs: the console's URIs, and how a secret is given. */
    private static Map<String, JsonNode> clientSettings(JsonNode realm) {
        Map<String, JsonNode> settings = new TreeMap<>();
        for (JsonNode c : realm.path("clients")) {
            ObjectNode copy = c.deepCopy();
            copy.remove(List.of("redirectUris", "webOrigins", "rootUrl", "baseUrl", "secret"));
            if (copy.path("attributes").isObject()) {
                ((ObjectNode) copy.path("attributes")).remove("post.logout.redirect.uris");
            }
            settings.put(c.path("clientId").asText(), copy);
        }
        return settings;
    }

    private static Map<String, JsonNode> realmSettings(JsonNode realm) {
        Map<String, JsonNode> settings = new TreeMap<>();
        realm.fields().forEachRemaining(f -> {
            if (f.getValue().isValueNode()) {
                settings.put(f.getKey(), f.getValue());
            }
        });
        return settings;
    }

    private static Set<String> roles(JsonNode realm) {
        Set<String> roles = new TreeSet<>();
        realm.path("roles").path("realm").forEach(r -> roles.add(r.path("name").asText()));
        return roles;
    }

    private static Map<String, String> clients(JsonNode realm) {
        Map<String, String> clients = new TreeMap<>();
        realm.path("clients").forEach(c -> clients.put(c.path("clientId").asText(), c.path("protocolMappers").toString()));
        return clients;
    }

    private static JsonNode client(JsonNode realm, String clientId) {
        for (JsonNode c : realm.path("clients")) {
            if (c.path("clientId").asText().equals(clientId)) {
                return c;
            }
        }
        throw new AssertionError("no client " + clientId);
    }

    private static JsonNode user(JsonNode realm, String username) {
        for (JsonNode u : realm.path("users")) {
            if (u.path("username").asText().equals(username)) {
                return u;
            }
        }
        throw new AssertionError("no user " + username);
    }
}

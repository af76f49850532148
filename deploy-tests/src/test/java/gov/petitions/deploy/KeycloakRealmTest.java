package gov.petitions.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import gov.petitions.deploy.Yaml.Doc;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Keycloak realm of compose (deploy/compose/keycloak/petitions-realm.json) and of Kubernetes
 * (deploy/base/keycloak/realm-import.yaml): the roles of README.md, a client per service, the claims
 * the services read, a test user per role with no password committed, and the two realms alike.
 */
class KeycloakRealmTest {

    /** README.md, "Security": roles come from the groups claim. */
    static final List<String> ROLES = List.of("clerk", "handler", "supervisor", "leader", "auditor", "admin", "service");

    private static JsonNode composeRealm() throws Exception {
        return Yaml.JSON.readTree(Files.readString(Repo.path("deploy/compose/keycloak/petitions-realm.json")));
    }

    private static JsonNode kubernetesRealm() {
        Doc doc = Yaml.docs(Repo.path("deploy/base/keycloak/realm-import.yaml")).get(0);
        return doc.node().path("spec").path("realm");
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

    @Test
    void composeAndKubernetesHaveTheSameRealm() throws Exception {
        JsonNode compose = composeRealm();
        JsonNode kubernetes = kubernetesRealm();
        assertEquals(roles(compose), roles(kubernetes));
        assertEquals(clients(compose), clients(kubernetes), "same clients and token mappers");
        assertEquals(compose.path("components"), kubernetes.path("components"), "same user profile");
        String service = Yaml.tree(Repo.path("docker-compose.yml")).path("services").path("keycloak").toString();
        assertTrue(service.contains("--import-realm") && service.contains("petitions-realm.json"), "compose imports the realm");
    }

    /**
     * The console signs people in in the browser (console/js/oidc.js): authorization code with PKCE (S256) through the
     * realm's public client, which must send the browser back to the console's callback page and let the console's
     * origin call the token endpoint (web origins), in compose and in Kubernetes; and the console is given that client.
     */
    @Test
    void theConsoleSignsPeopleInThroughAPublicClientWithPkce() throws Exception {
        String clientId = "petitions-console";
        Map<String, String> composeEnv = ComposeChecks.environment(
                Yaml.tree(Repo.path("docker-compose.yml")).path("services").path(Repo.CONSOLE).path("environment"));
        assertEquals(clientId, composeEnv.get("CONSOLE_OIDC_CLIENT_ID"), "compose: the console's client");
        assertEquals("http://keycloak:8080/realms/petitions", composeEnv.get("CONSOLE_OIDC_ISSUER").replaceAll("\\$\\{CONSOLE_OIDC_ISSUER:-(.*)}", "$1"),
                "compose: the issuer the tokens carry (KC_HOSTNAME)");
        Doc configMap = Yaml.docs(Repo.path("deploy/base/console/configmap.yaml")).get(0);
        assertEquals(clientId, configMap.node().path("data").path("CONSOLE_OIDC_CLIENT_ID").asText(), "Kubernetes: the console's client");
        String deployment = Yaml.read(Repo.path("deploy/base/console/deployment.yaml"));
        assertTrue(deployment.contains("name: CONSOLE_OIDC_ISSUER") && deployment.contains("key: PETITIONS_JWT_ISSUER"),
                "Kubernetes: the console's issuer is the services' (petitions-common PETITIONS_JWT_ISSUER)");

        Map<JsonNode, String> callbacks = Map.of(composeRealm(), "http://localhost:8090/signed-in.html",
                kubernetesRealm(), "https://console.petitions.example/signed-in.html");
        for (Map.Entry<JsonNode, String> e : callbacks.entrySet()) {
            JsonNode client = client(e.getKey(), clientId);
            assertTrue(client.path("publicClient").asBoolean(false), "public: a browser keeps no secret");
            assertTrue(client.path("standardFlowEnabled").asBoolean(false), "authorization code flow");
            assertFalse(client.path("implicitFlowEnabled").asBoolean(false), "no implicit flow");
            assertEquals("S256", client.path("attributes").path("pkce.code.challenge.method").asText(), "PKCE S256 required");
            boolean redirectAllowed = false;
            for (JsonNode uri : client.path("redirectUris")) {
                String pattern = uri.asText();
                redirectAllowed |= pattern.endsWith("*") ? e.getValue().startsWith(pattern.substring(0, pattern.length() - 1)) : e.getValue().equals(pattern);
            }
            assertTrue(redirectAllowed, clientId + " sends the browser back to " + e.getValue());
            assertTrue(client.path("webOrigins").toString().contains("\"+\""), "the redirect URIs' origins may call the token endpoint (CORS)");
        }
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

package gov.petitions.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** docker-compose.yml at the root of the repository. */
class ComposeTest {

    private static final Path COMPOSE = Repo.path("docker-compose.yml");

    @Test
    void dockerComposeAcceptsTheFile() {
        Optional<Path> dockerCompose = Tools.onPath("docker-compose");
        if (dockerCompose.isEmpty()) {
            Tools.missing("docker-compose config -q: the docker-compose binary (Debian package docker-compose) is not on the PATH");
        }
        // the secrets are not here (deploy/compose/.env is made by make-env.sh): stand-ins make the
        // required ${VAR:?} interpolations resolve, so that the file itself is what is checked
        Map<String, String> env = new HashMap<>();
        env.put("PATH", System.getenv("PATH"));
        env.put("HOME", System.getProperty("java.io.tmpdir"));
        ComposeChecks.interpolatedVariables(Yaml.read(COMPOSE)).forEach(v -> env.put(v, "stand-in"));
        for (List<String> profile : List.of(List.<String>of(), List.of("--profile", "monitoring"))) {
            List<String> command = new ArrayList<>(List.of(dockerCompose.get().toString(), "--project-directory", Repo.root().toString(),
                    "-f", COMPOSE.toString()));
            command.addAll(profile);
            command.addAll(List.of("config", "-q"));
            Tools.Result result = Tools.run(command, env, Repo.root(), 60);
            assertEquals(0, result.exitCode(), String.join(" ", command) + "\n" + result.stdout() + result.stderr());
        }
    }

    @Test
    void startupIsHealthGatedAndEveryServiceIsConfigured() {
        assertEquals(List.of(), ComposeChecks.check(COMPOSE));
    }

    /** Issue #17 item 10: only the console is for other machines; the services, Keycloak and monitoring stay on this host. */
    @Test
    void everyPublishedPortButTheConsolesBindsToLoopback() {
        JsonNode services = Yaml.tree(COMPOSE).path("services");
        Set<String> published = new TreeSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = services.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> service = it.next();
            for (JsonNode port : service.getValue().path("ports")) {
                published.add(service.getKey());
                if (!service.getKey().equals(Repo.CONSOLE)) {
                    assertEquals(ComposeChecks.LOOPBACK, ComposeChecks.hostIp(port), service.getKey() + " publishes " + port + " beyond this host");
                }
            }
        }
        assertTrue(published.containsAll(Repo.APPLICATIONS) && published.contains("keycloak"), "published: " + published);
        assertEquals("127.0.0.1:8080:8080", services.path("keycloak").path("ports").path(0).asText(),
                "Keycloak on this host's loopback, where the browser reaches it as keycloak:8080 (/etc/hosts)");
        assertTrue(Yaml.read(COMPOSE).contains("127.0.0.1 keycloak"), "the compose file tells how the browser reaches Keycloak");
        assertEquals(null, ComposeChecks.hostIp(services.path(Repo.CONSOLE).path("ports").path(0)), "the console is for the network");
    }

    /** Swagger UI is built into the images (quarkus.swagger-ui.always-include) and must be off wherever they run. */
    @Test
    void swaggerUiIsOffForEveryService() {
        JsonNode services = Yaml.tree(COMPOSE).path("services");
        for (String service : Repo.SERVICES) {
            assertEquals("false", ComposeChecks.environment(services.path(service).path("environment")).get(RequiredConfig.SWAGGER_UI),
                    service + ": " + RequiredConfig.SWAGGER_UI);
        }
    }

    /** Issue #16: no long-lived service token anywhere; the script that minted one is gone. */
    @Test
    void noStaticServiceTokenIsMintedOrSet() {
        String compose = Yaml.read(COMPOSE);
        for (String token : RequiredConfig.STATIC_SERVICE_TOKENS) {
            assertFalse(compose.contains(token), "docker-compose.yml mentions " + token);
        }
        assertFalse(Files.exists(Repo.path("deploy/compose/mint-service-token.sh")), "no script mints a 30-day token");
        assertFalse(compose.contains("mint-service-token"), "docker-compose.yml points at no token script");
    }

    @Test
    void composeRefusesToStartWithoutItsSecrets() {
        Optional<Path> dockerCompose = Tools.onPath("docker-compose");
        if (dockerCompose.isEmpty()) {
            Tools.missing("docker-compose config without secrets: docker-compose is not on the PATH");
        }
        Map<String, String> env = Map.of("PATH", System.getenv("PATH"), "HOME", System.getProperty("java.io.tmpdir"));
        Tools.Result result = Tools.run(List.of(dockerCompose.get().toString(), "--project-directory", Repo.root().toString(),
                "-f", COMPOSE.toString(), "config", "-q"), env, Repo.root(), 60);
        assertEquals(1, result.exitCode(), "without the env file, compose must stop at the first missing secret");
    }
}

package gov.petitions.deploy;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

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

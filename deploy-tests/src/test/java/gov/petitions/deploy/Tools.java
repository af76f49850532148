package gov.petitions.deploy;

import org.junit.jupiter.api.Assumptions;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.fail;

/** The external programs some checks use, and what happens when one is missing. */
final class Tools {

    /**
     * With DEPLOY_TESTS_REQUIRE_TOOLS=true (CI), a missing kubectl, docker-compose or Java 21+ fails
     * the check instead of skipping it, so that a green run always means a full validation.
     */
    static final boolean REQUIRED = Boolean.parseBoolean(System.getenv().getOrDefault("DEPLOY_TESTS_REQUIRE_TOOLS",
            System.getProperty("deploy-tests.require-tools", "false")));

    /**
     * Programs to treat as absent (-Ddeploy-tests.without=kubectl,kustomize,docker-compose,java21),
     * to see what the checks do on a machine without them.
     */
    static final java.util.Set<String> WITHOUT = java.util.Set.of(System.getProperty("deploy-tests.without", "").split(","));

    private Tools() {
    }

    record Result(int exitCode, String stdout, String stderr) {
    }

    static Optional<Path> onPath(String program) {
        if (WITHOUT.contains(program)) {
            return Optional.empty();
        }
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir, program);
            if (Files.isExecutable(candidate) && !Files.isDirectory(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** Skips the calling test with the reason, or fails it when tools are required. */
    static void missing(String what) {
        String message = "SKIPPED: " + what;
        System.out.println("[deploy-tests] " + message);
        if (REQUIRED) {
            fail(what + " (DEPLOY_TESTS_REQUIRE_TOOLS=true)");
        }
        Assumptions.abort(message);
    }

    static void note(String message) {
        System.out.println("[deploy-tests] " + message);
    }

    static Result run(List<String> command, Map<String, String> environment, Path workDir, long timeoutSeconds) {
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile());
        if (environment != null) {
            builder.environment().clear();
            builder.environment().putAll(environment);
        }
        try {
            Path out = Files.createTempFile("deploy-tests", ".out");
            Path err = Files.createTempFile("deploy-tests", ".err");
            try {
                Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
                if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new IllegalStateException(String.join(" ", command) + " did not finish in " + timeoutSeconds + " s");
                }
                return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                        Files.readString(err, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

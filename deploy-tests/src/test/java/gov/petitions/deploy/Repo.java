package gov.petitions.deploy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Where things are: the repository root and the folders the checks read. */
final class Repo {

    static final List<String> SERVICES =
            List.of("intake-service", "routing-service", "supervision-service", "notification-service");

    private static final Path ROOT = findRoot();

    private Repo() {
    }

    static Path root() {
        return ROOT;
    }

    static Path path(String relative) {
        return ROOT.resolve(relative);
    }

    /** Scratch space for generated files (the Strimzi CRDs): the module's target/. */
    static Path workDir() {
        String dir = System.getProperty("deploy-tests.work-dir");
        return dir != null ? Path.of(dir) : ROOT.resolve("deploy-tests/target");
    }

    static Path fixture(String relative) {
        return ROOT.resolve("deploy-tests/src/test/resources/fixtures").resolve(relative);
    }

    private static Path findRoot() {
        String contracts = System.getProperty("contracts.dir");
        if (contracts != null && Files.isRegularFile(Path.of(contracts, "asyncapi.yaml"))) {
            return Path.of(contracts).toAbsolutePath().normalize().getParent();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("contracts/asyncapi.yaml")) && Files.isDirectory(dir.resolve("deploy"))) {
                return dir;
            }
        }
        throw new IllegalStateException("cannot find the repository root (contracts/asyncapi.yaml) from " + Path.of("").toAbsolutePath());
    }
}

package gov.petitions.deploy;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/** Where things are: the repository root and the folders the checks read. */
final class Repo {

    static final List<String> SERVICES =
            List.of("intake-service", "routing-service", "supervision-service", "notification-service", "insight-service");

    /**
     * The staff console and the citizens' pages: deployed, configured and built like a service (image, Deployment,
     * compose service, configuration table), but it has no Kafka, no database and no Keycloak client of its own,
     * so the Kafka and realm checks (which go over SERVICES) leave it out.
     */
    static final String CONSOLE = "console";

    /** Everything deployed from this repository's modules: the services and the console. */
    static final List<String> APPLICATIONS = java.util.stream.Stream.concat(SERVICES.stream(), java.util.stream.Stream.of(CONSOLE)).toList();

    /** The name a configuration table's "service" column uses: intake for intake-service, console for console. */
    static String shortName(String application) {
        int dash = application.indexOf('-');
        return dash < 0 ? application : application.substring(0, dash);
    }

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

    /**
     * The Kafka Streams application id of a service that is a Kafka Streams application
     * (quarkus.kafka-streams.application-id in its application.properties), else empty. Such a
     * service's consumer group is its application id, and Kafka Streams names its internal topics
     * and transactional ids "&lt;application id&gt;-...".
     */
    static Optional<String> kafkaStreamsApplicationId(String service) {
        return Optional.ofNullable(applicationProperties(service).getProperty("quarkus.kafka-streams.application-id"))
                .map(String::trim).filter(id -> !id.isEmpty());
    }

    /** Whether a Kafka Streams service processes exactly once (it then needs transactional ids). */
    static boolean kafkaStreamsExactlyOnce(String service) {
        return applicationProperties(service).getProperty("kafka-streams.processing.guarantee", "at_least_once").trim()
                .startsWith("exactly_once");
    }

    private static Properties applicationProperties(String service) {
        Properties properties = new Properties();
        Path file = ROOT.resolve(service).resolve("src/main/resources/application.properties");
        if (Files.isRegularFile(file)) {
            try (Reader in = Files.newBufferedReader(file)) {
                properties.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return properties;
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

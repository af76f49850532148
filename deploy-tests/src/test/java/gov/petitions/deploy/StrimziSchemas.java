package gov.petitions.deploy;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The CRD schemas of the Strimzi resources we use, made the way Strimzi makes its own install files:
 * its crd-generator run over the annotated model classes of io.strimzi:api (both from Maven Central,
 * the version of ${strimzi.version}). Those are Java 21 classes, so they run in a separate Java 21+
 * process (found beside the test JVM); the CRDs are written once into target/.
 */
final class StrimziSchemas {

    /** kind -> model class of io.strimzi:api */
    static final Map<String, String> MODELS = new LinkedHashMap<>();

    static {
        MODELS.put("Kafka", "io.strimzi.api.kafka.model.kafka.Kafka");
        MODELS.put("KafkaNodePool", "io.strimzi.api.kafka.model.nodepool.KafkaNodePool");
        MODELS.put("KafkaTopic", "io.strimzi.api.kafka.model.topic.KafkaTopic");
        MODELS.put("KafkaUser", "io.strimzi.api.kafka.model.user.KafkaUser");
    }

    static final String API_VERSION = "kafka.strimzi.io/v1";

    private static Map<String, Schemas.Closed> schemas;
    private static String unavailable;

    private StrimziSchemas() {
    }

    /** The schema of a kind, or empty with {@link #unavailableReason()} saying why. */
    static synchronized Optional<Schemas.Closed> schema(String kind) {
        if (schemas == null && unavailable == null) {
            load();
        }
        return schemas == null ? Optional.empty() : Optional.ofNullable(schemas.get(kind));
    }

    static synchronized String unavailableReason() {
        if (schemas == null && unavailable == null) {
            load();
        }
        return unavailable;
    }

    private static void load() {
        String version = System.getProperty("strimzi.version");
        String classpath = System.getProperty("strimzi.crd-generator.classpath");
        if (version == null || classpath == null || classpath.isBlank()) {
            unavailable = "the Strimzi CRD schemas: run through Maven (it hands the crd-generator classpath over)";
            return;
        }
        Path dir = Repo.workDir().resolve("strimzi-crds-" + version);
        if (MODELS.keySet().stream().anyMatch(kind -> !Files.isRegularFile(dir.resolve(kind + ".yaml")))) {
            Optional<Path> java = java21();
            if (java.isEmpty()) {
                unavailable = "the Strimzi CRD schemas: Strimzi's crd-generator " + version
                        + " needs Java 21+, and none was found (set CRD_GENERATOR_JAVA to a java binary, or JAVA21_HOME)";
                return;
            }
            generate(java.get(), classpath, dir);
        }
        Map<String, Schemas.Closed> loaded = new LinkedHashMap<>();
        for (String kind : MODELS.keySet()) {
            JsonNode crd = Yaml.tree(dir.resolve(kind + ".yaml"));
            JsonNode v1 = null;
            for (JsonNode v : crd.path("spec").path("versions")) {
                if ("v1".equals(v.path("name").asText())) {
                    v1 = v;
                }
            }
            if (v1 == null) {
                throw new IllegalStateException(kind + " CRD of Strimzi " + version + " has no version v1");
            }
            loaded.put(kind, Schemas.fromOpenApi(v1.path("schema").path("openAPIV3Schema"), kind + " (Strimzi " + version + " CRD)"));
        }
        schemas = loaded;
    }

    private static void generate(Path java, String classpath, Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> command = new ArrayList<>(List.of(java.toString(), "-cp", classpath,
                "io.strimzi.crdgenerator.CrdGenerator", "--yaml", "--crd-api-version", "v1",
                "--api-versions", "v1", "--storage-version", "v1"));
        MODELS.forEach((kind, model) -> command.add(model + "=" + dir.resolve(kind + ".yaml")));
        long start = System.nanoTime();
        Tools.Result result = Tools.run(command, null, Repo.root(), 180);
        if (result.exitCode() != 0) {
            throw new IllegalStateException("Strimzi's crd-generator failed (" + java + "):\n" + result.stdout() + result.stderr());
        }
        Tools.note("Strimzi CRDs generated with " + java + " in " + (System.nanoTime() - start) / 1_000_000 + " ms into " + dir);
    }

    /** A Java 21+ to run the crd-generator: this JVM if it is one, else one beside it. */
    static Optional<Path> java21() {
        if (Tools.WITHOUT.contains("java21")) {
            return Optional.empty();
        }
        List<Path> candidates = new ArrayList<>();
        String explicit = System.getenv("CRD_GENERATOR_JAVA");
        if (explicit != null) {
            return Optional.of(Path.of(explicit));
        }
        if (Runtime.version().feature() >= 21) {
            candidates.add(Path.of(System.getProperty("java.home")));
        }
        for (String env : List.of("JAVA21_HOME", "JAVA25_HOME", "JAVA_HOME")) {
            String home = System.getenv(env);
            if (home != null) {
                candidates.add(Path.of(home));
            }
        }
        for (Path root : List.of(Path.of("/usr/lib/jvm"), Path.of("/opt/java"), Path.of(System.getProperty("user.home"), ".sdkman/candidates/java"))) {
            if (Files.isDirectory(root)) {
                try (Stream<Path> homes = Files.list(root)) {
                    homes.sorted(Comparator.reverseOrder()).forEach(candidates::add);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        return candidates.stream()
                .filter(home -> featureVersion(home) >= 21)
                .map(home -> home.resolve("bin/java"))
                .filter(Files::isExecutable)
                .findFirst();
    }

    private static final Pattern JAVA_VERSION = Pattern.compile("JAVA_VERSION=\"(\\d+)");

    private static int featureVersion(Path home) {
        Path release = home.resolve("release");
        if (!Files.isRegularFile(release)) {
            return -1;
        }
        Matcher m = JAVA_VERSION.matcher(Yaml.read(release));
        return m.find() ? Integer.parseInt(m.group(1)) : -1;
    }
}

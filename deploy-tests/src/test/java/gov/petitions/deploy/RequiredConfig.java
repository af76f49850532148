package gov.petitions.deploy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The environment each service reads, from the configuration table of README.md (the table is the
 * documentation operators follow, so it is what compose and Kubernetes are checked against) and
 * the table of the same shape under "## Service configuration" in deploy/README.md (rows of a
 * service the project README does not list yet; the same row in both tables is harmless).
 * Every variable the tables list for a service must be set for it, except the tunables below,
 * which have defaults in the code (statutory deadlines, retry and outbox timing): a new row in the
 * table is required until it is added here.
 */
final class RequiredConfig {

    /** Variables with defaults in the code (@WithDefault or a default in application.properties). */
    static final Set<String> DEFAULTED = Set.of(
            "QUARKUS_MONGODB_DATABASE",
            "PETITIONS_OUTBOX_POLL_INTERVAL",
            "PETITIONS_OUTBOX_RETENTION",
            "SUPERVISION_DEADLINES_ACCEPTANCE",
            "SUPERVISION_DEADLINES_HANDLING",
            "SUPERVISION_DEADLINES_MAX_EXTENSION",
            "SUPERVISION_DEADLINES_REVIEW_WINDOW",
            "SUPERVISION_DEADLINES_REVIEW_ANSWER",
            "NOTIFICATION_MAX_ATTEMPTS",
            "NOTIFICATION_RETRY_BACKOFF",
            "INTAKE_REPEATS_WINDOW",
            "INTAKE_REPEATS_MIN_SIMILARITY",
            "INTAKE_RECEPTION_PUBLICATION_LEAD",
            "CONSOLE_CONNECT_TIMEOUT",
            "CONSOLE_REQUEST_TIMEOUT");

    /**
     * Variables a deployment may set beyond the table: Kafka client settings that Quarkus hands to
     * every Kafka client of the service as kafka.* properties (the SASL/TLS login of Kubernetes).
     */
    static final Set<String> PASS_THROUGH = Set.of(
            "KAFKA_SECURITY_PROTOCOL", "KAFKA_SASL_MECHANISM", "KAFKA_SASL_JAAS_CONFIG",
            "KAFKA_SSL_TRUSTSTORE_TYPE", "KAFKA_SSL_TRUSTSTORE_LOCATION");

    /**
     * The same Kafka client settings for a Kafka Streams application: quarkus-kafka-streams does not
     * read kafka.*, only quarkus.kafka-streams.* (security.protocol, sasl.*, ssl.truststore.*), so
     * such a service takes them under these names. Only a service that is a Kafka Streams
     * application (Repo.kafkaStreamsApplicationId) may set them.
     */
    static final Set<String> KAFKA_STREAMS_PASS_THROUGH = Set.of(
            "QUARKUS_KAFKA_STREAMS_SECURITY_PROTOCOL", "QUARKUS_KAFKA_STREAMS_SASL_MECHANISM",
            "QUARKUS_KAFKA_STREAMS_SASL_JAAS_CONFIG", "QUARKUS_KAFKA_STREAMS_SSL_TRUSTSTORE_TYPE",
            "QUARKUS_KAFKA_STREAMS_SSL_TRUSTSTORE_LOCATION");

    /** deploy/README.md's section with rows the project README's table does not have (yet). */
    static final String DEPLOY_SECTION = "## Service configuration";

    private static Map<String, Set<String>> documented;

    private RequiredConfig() {
    }

    /** service -> every variable README.md documents for it */
    static synchronized Map<String, Set<String>> documented() {
        if (documented == null) {
            Map<String, Set<String>> both = parse(Yaml.read(Repo.path("README.md")));
            java.nio.file.Path deployReadme = Repo.path("deploy/README.md");
            if (java.nio.file.Files.isRegularFile(deployReadme)) {
                parse(Yaml.read(deployReadme), DEPLOY_SECTION, false).forEach((service, vars) -> both.get(service).addAll(vars));
            }
            documented = both;
        }
        return documented;
    }

    static Set<String> required(String service) {
        Set<String> required = new TreeSet<>(documented().get(service));
        required.removeAll(DEFAULTED);
        required.removeAll(passThrough(service)); // optional: plaintext Kafka without them (compose)
        return required;
    }

    /** Whether a deployment may set the variable for the service. */
    static boolean known(String service, String variable) {
        return documented().get(service).contains(variable) || passThrough(service).contains(variable);
    }

    static Set<String> passThrough(String service) {
        if (!Repo.SERVICES.contains(service)) {
            return Set.of(); // the console has no Kafka client
        }
        if (Repo.kafkaStreamsApplicationId(service).isEmpty()) {
            return PASS_THROUGH;
        }
        Set<String> both = new TreeSet<>(PASS_THROUGH);
        both.addAll(KAFKA_STREAMS_PASS_THROUGH);
        return both;
    }

    static Map<String, Set<String>> parse(String readme) {
        return parse(readme, "## Configuration", true);
    }

    /**
     * The 4-column table (variable | property | services | meaning) under the heading; "all" = every service
     * (not the console, which reads none of the services' shared settings: its rows name it).
     */
    static Map<String, Set<String>> parse(String readme, String heading, boolean rowsRequired) {
        Map<String, Set<String>> byService = new LinkedHashMap<>();
        Repo.APPLICATIONS.forEach(s -> byService.put(s, new TreeSet<>()));
        boolean inSection = false;
        int rows = 0;
        for (String line : readme.split("\n")) {
            if (line.startsWith("## ")) {
                inSection = line.trim().equalsIgnoreCase(heading);
                continue;
            }
            if (!inSection || !line.startsWith("| `")) {
                continue;
            }
            String[] cells = line.split("\\|");
            if (cells.length < 4) {
                continue;
            }
            List<String> variables = variables(cells[1]);
            String services = cells[3].trim();
            for (String service : Repo.APPLICATIONS) {
                boolean all = services.equals("all") && Repo.SERVICES.contains(service);
                if (all || List.of(services.split("\\s*,\\s*")).contains(Repo.shortName(service))) {
                    byService.get(service).addAll(variables);
                }
            }
            rows++;
        }
        if (rows == 0 && rowsRequired) {
            throw new IllegalStateException("README.md has no configuration table under '" + heading + "'");
        }
        return byService;
    }

    /** "`QUARKUS_DATASOURCE_USERNAME` / `_PASSWORD`" -> both full names; "`A`, `B`" -> A and B */
    static List<String> variables(String cell) {
        List<String> names = new ArrayList<>();
        String first = null;
        for (String part : cell.split("[/,]")) {
            String name = part.trim().replace("`", "");
            if (name.isEmpty()) {
                continue;
            }
            if (name.startsWith("_") && first != null) {
                name = first.substring(0, first.lastIndexOf('_')) + name;
            } else {
                first = name;
            }
            names.add(name);
        }
        return names;
    }
}

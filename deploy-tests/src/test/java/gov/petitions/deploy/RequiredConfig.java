package gov.petitions.deploy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The environment each service reads, from the configuration table of README.md (the table is the
 * documentation operators follow, so it is what compose and Kubernetes are checked against).
 * Every variable the table lists for a service must be set for it, except the tunables below,
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
            "INTAKE_RECEPTION_PUBLICATION_LEAD");

    /**
     * Variables a deployment may set beyond the table: Kafka client settings that Quarkus hands to
     * every Kafka client of the service as kafka.* properties (the SASL/TLS login of Kubernetes).
     */
    static final Set<String> PASS_THROUGH = Set.of(
            "KAFKA_SECURITY_PROTOCOL", "KAFKA_SASL_MECHANISM", "KAFKA_SASL_JAAS_CONFIG",
            "KAFKA_SSL_TRUSTSTORE_TYPE", "KAFKA_SSL_TRUSTSTORE_LOCATION");

    private static Map<String, Set<String>> documented;

    private RequiredConfig() {
    }

    /** service -> every variable README.md documents for it */
    static synchronized Map<String, Set<String>> documented() {
        if (documented == null) {
            documented = parse(Yaml.read(Repo.path("README.md")));
        }
        return documented;
    }

    static Set<String> required(String service) {
        Set<String> required = new TreeSet<>(documented().get(service));
        required.removeAll(DEFAULTED);
        required.removeAll(PASS_THROUGH); // optional: plaintext Kafka without them (compose)
        return required;
    }

    /** Whether a deployment may set the variable for the service. */
    static boolean known(String service, String variable) {
        return documented().get(service).contains(variable) || PASS_THROUGH.contains(variable);
    }

    static Map<String, Set<String>> parse(String readme) {
        Map<String, Set<String>> byService = new LinkedHashMap<>();
        Repo.SERVICES.forEach(s -> byService.put(s, new TreeSet<>()));
        boolean inSection = false;
        int rows = 0;
        for (String line : readme.split("\n")) {
            if (line.startsWith("## ")) {
                inSection = line.trim().equalsIgnoreCase("## Configuration");
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
            for (String service : Repo.SERVICES) {
                String shortName = service.substring(0, service.indexOf('-'));
                if (services.equals("all") || List.of(services.split("\\s*,\\s*")).contains(shortName)) {
                    byService.get(service).addAll(variables);
                }
            }
            rows++;
        }
        if (rows == 0) {
            throw new IllegalStateException("README.md has no configuration table under '## Configuration'");
        }
        return byService;
    }

    /** "`QUARKUS_DATASOURCE_USERNAME` / `_PASSWORD`" -> both full names */
    static List<String> variables(String cell) {
        List<String> names = new ArrayList<>();
        String first = null;
        for (String part : cell.split("/")) {
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

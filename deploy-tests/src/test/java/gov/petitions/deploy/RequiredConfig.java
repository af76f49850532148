package gov.petitions.deploy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The environment each service reads, from the configuration table of docs/configuration.md (the table is the
 * documentation operators follow, so it is what compose and Kubernetes are checked against) and
 * the table of the same shape under "## Service configuration" in deploy/README.md (rows of a
 * service docs/configuration.md does not list yet; the same row in both tables is harmless).
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
            "SUPERVISION_TIMELINE_ANCHOR_INTERVAL",
            "SUPERVISION_CALL_BACK_DUE_AFTER",
            "SUPERVISION_CALL_BACK_RETRY_AFTER",
            "SUPERVISION_CALL_BACK_MAX_ATTEMPTS",
            // retention and archiving (docs/archiving.md): defaults in the code and application.properties; not the
            // intake URL (unset, every due case stays pending) nor the archive directory (its default, under the
            // working directory, is on the read-only root file system and lost with the container): deployments set both
            "SUPERVISION_RETENTION_CLASSES_SHORT",
            "SUPERVISION_RETENTION_CLASSES_LONG",
            "SUPERVISION_RETENTION_CLASSES_PERMANENT",
            "SUPERVISION_RETENTION_DEFAULT_CLASS",
            "SUPERVISION_RETENTION_IMPORTANT_CLASS",
            "SUPERVISION_RETENTION_JOB_CRON",
            "SUPERVISION_RETENTION_BATCH_SIZE",
            "SUPERVISION_RETENTION_VERIFICATION_MAX_BYTES",
            "SUPERVISION_RETENTION_INTAKE_TIMEOUT",
            // urgency levels' clocks and category rules (docs/urgency.md): defaults in the code, none required
            "SUPERVISION_URGENCY_URGENT_SPECIAL_ACCEPTANCE",
            "SUPERVISION_URGENCY_URGENT_SPECIAL_HANDLING",
            "SUPERVISION_URGENCY_URGENT_SPECIAL_WARNING_BEFORE",
            "SUPERVISION_URGENCY_URGENT_ACCEPTANCE",
            "SUPERVISION_URGENCY_URGENT_HANDLING",
            "SUPERVISION_URGENCY_URGENT_WARNING_BEFORE",
            "SUPERVISION_URGENCY_NORMAL_ACCEPTANCE",
            "SUPERVISION_URGENCY_NORMAL_HANDLING",
            "SUPERVISION_URGENCY_NORMAL_WARNING_BEFORE",
            "SUPERVISION_URGENCY_RULES",
            "NOTIFICATION_MAX_ATTEMPTS",
            "NOTIFICATION_RETRY_BACKOFF",
            "INTAKE_REPEATS_WINDOW",
            "INTAKE_REPEATS_MIN_SIMILARITY",
            "INTAKE_RECEPTION_PUBLICATION_LEAD",
            "INTAKE_RECEPTION_OPEN_GRACE",
            "INTAKE_RECEPTION_MAX_DESKS",
            "INTAKE_CLAMD_HOST",
            "INTAKE_CLAMD_PORT",
            "INTAKE_CLAMD_TIMEOUT",
            "INTAKE_MATERIALS_MAX_FILE_SIZE",
            "INTAKE_MATERIALS_MAX_PER_PETITION",
            "INTAKE_MATERIALS_MAX_TOTAL_PER_PETITION",
            "INTAKE_MATERIALS_MAX_IMAGE_PIXELS",
            "INTAKE_MATERIALS_RESCAN_INTERVAL",
            "INTAKE_MATERIALS_WORK_DIR",
            // supervision's case documents (docs/case-documents.md): the same clamd, limits with defaults in the code
            "SUPERVISION_CLAMD_HOST",
            "SUPERVISION_CLAMD_PORT",
            "SUPERVISION_CLAMD_TIMEOUT",
            "SUPERVISION_DOCUMENTS_MAX_FILE_SIZE",
            "SUPERVISION_DOCUMENTS_MAX_PER_CASE",
            "SUPERVISION_DOCUMENTS_MAX_TOTAL_PER_CASE",
            "SUPERVISION_DOCUMENTS_MAX_IMAGE_PIXELS",
            "SUPERVISION_DOCUMENTS_RESCAN_INTERVAL",
            "SUPERVISION_DOCUMENTS_WORK_DIR",
            "INTAKE_OPEN311_MAX_REQUESTS_PER_ANSWER",
            "INTAKE_REGISTRATION_GROUP_ENABLED",
            "INTAKE_REGISTRATION_GROUP_MAX_WAIT",
            "INTAKE_REGISTRATION_GROUP_MAX_SIZE",
            "PETITIONS_TIME_ZONE",
            // tracing is off unless an endpoint is set (docs/tracing.md)
            "QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT",
            "QUARKUS_OTEL_EXPORTER_OTLP_PROTOCOL",
            "QUARKUS_OTEL_TRACES_SAMPLER_ARG",
            "PETITIONS_PROVINCE_CODE",
            "PETITIONS_PROVINCE_NAME",
            "ROUTING_DIVISIONS_FILES",
            "INTAKE_DIVISIONS_FILES",
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

    /**
     * Long-lived bearer tokens a service once took from its environment to call another service. Services get
     * short-lived tokens of their own identity now (client credentials, PETITIONS_SERVICE_IDENTITY_*): no
     * deployment may set these, even while a configuration table still lists them.
     */
    static final Set<String> STATIC_SERVICE_TOKENS = Set.of("INTAKE_SUPERVISION_TOKEN", "NOTIFICATION_INTAKE_TOKEN");

    /** A service's own identity when it calls another service (platform-support's ServiceTokens). */
    static final String IDENTITY_TOKEN_ENDPOINT = "PETITIONS_SERVICE_IDENTITY_TOKEN_ENDPOINT";
    static final String IDENTITY_CLIENT_ID = "PETITIONS_SERVICE_IDENTITY_CLIENT_ID";
    static final String IDENTITY_CLIENT_SECRET = "PETITIONS_SERVICE_IDENTITY_CLIENT_SECRET";

    /** Swagger UI is in the images (quarkus.swagger-ui.always-include) and switched off at run time everywhere. */
    static final String SWAGGER_UI = "QUARKUS_SWAGGER_UI_ENABLED";

    /** deploy/README.md's section with rows docs/configuration.md's table does not have (yet). */
    static final String DEPLOY_SECTION = "## Service configuration";

    private static Map<String, Set<String>> documented;

    private RequiredConfig() {
    }

    /** service -> every variable docs/configuration.md documents for it */
    static synchronized Map<String, Set<String>> documented() {
        if (documented == null) {
            Map<String, Set<String>> both = parse(Yaml.read(Repo.path("docs/configuration.md")));
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
        required.removeAll(STATIC_SERVICE_TOKENS);
        return required;
    }

    /** Whether a deployment may set the variable for the service. */
    static boolean known(String service, String variable) {
        return !STATIC_SERVICE_TOKENS.contains(variable)
                && (documented().get(service).contains(variable) || passThrough(service).contains(variable));
    }

    /** What is wrong with a service's environment beyond the table: static tokens, Swagger UI, its identity. */
    static List<String> policy(String service, Map<String, String> values, Set<String> names) {
        List<String> problems = new ArrayList<>();
        for (String token : STATIC_SERVICE_TOKENS) {
            if (names.contains(token)) {
                problems.add("sets " + token + ", a static long-lived service token; a service calls others with short-lived "
                        + "tokens of its own client (" + IDENTITY_TOKEN_ENDPOINT + ", " + IDENTITY_CLIENT_ID + ", " + IDENTITY_CLIENT_SECRET + ")");
            }
        }
        if (Repo.SERVICES.contains(service) && !"false".equals(values.get(SWAGGER_UI))) {
            problems.add("does not set " + SWAGGER_UI + "=false: Swagger UI is in the image and must be off in every deployment");
        }
        if (names.contains(IDENTITY_CLIENT_ID) && !service.equals(values.get(IDENTITY_CLIENT_ID))) {
            problems.add(IDENTITY_CLIENT_ID + " is " + values.get(IDENTITY_CLIENT_ID) + ", not the service's own client " + service);
        }
        boolean anyIdentity = names.contains(IDENTITY_TOKEN_ENDPOINT) || names.contains(IDENTITY_CLIENT_ID) || names.contains(IDENTITY_CLIENT_SECRET);
        if (anyIdentity && !(names.contains(IDENTITY_TOKEN_ENDPOINT) && names.contains(IDENTITY_CLIENT_ID) && names.contains(IDENTITY_CLIENT_SECRET))) {
            problems.add("sets only part of its identity: " + IDENTITY_TOKEN_ENDPOINT + ", " + IDENTITY_CLIENT_ID + " and " + IDENTITY_CLIENT_SECRET + " go together");
        }
        if (Repo.SERVICES.contains(service) && !anyIdentity) {
            for (Map.Entry<String, String> e : values.entrySet()) {
                String callee = calledService(e.getValue());
                if (callee != null && !callee.equals(service)) {
                    problems.add("calls " + callee + " (" + e.getKey() + ") without an identity of its own ("
                            + IDENTITY_TOKEN_ENDPOINT + ", " + IDENTITY_CLIENT_ID + ", " + IDENTITY_CLIENT_SECRET + ")");
                }
            }
        }
        String endpoint = values.get(IDENTITY_TOKEN_ENDPOINT);
        if (endpoint != null && !endpoint.endsWith("/realms/petitions/protocol/openid-connect/token")) {
            problems.add(IDENTITY_TOKEN_ENDPOINT + " " + endpoint + " is not the token endpoint of realm petitions");
        }
        return problems;
    }

    /** The service an http URL points at (http://routing-service:8082 -> routing-service), else null. */
    static String calledService(String value) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("https?://([a-z-]+)(:\\d+)?(/.*)?").matcher(value == null ? "" : value.trim());
        return m.matches() && Repo.SERVICES.contains(m.group(1)) ? m.group(1) : null;
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
            throw new IllegalStateException("docs/configuration.md has no configuration table under '" + heading + "'");
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

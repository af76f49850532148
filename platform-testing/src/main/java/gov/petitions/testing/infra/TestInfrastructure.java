package gov.petitions.testing.infra;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URL;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Function;

/**
 * What a module's tests need of the test infrastructure (Kafka, PostgreSQL, MongoDB), where it is, and whether it
 * answers. A module needs what its {@code application.properties} configure: PostgreSQL for a datasource, Kafka for
 * a Kafka channel, Kafka Streams or the outbox relay, MongoDB for a MongoDB client. Each is checked with one TCP
 * connect and a short time-out, so a run where everything is up loses a few milliseconds.
 */
public final class TestInfrastructure {

    /** How the test infrastructure is started and the environment set, as one shell line. */
    public static final String HOW_TO_START =
            "start the test infrastructure with eval \"$(PETITIONS_ENV=test ./petitions infra up | grep '^export')\"";

    public static final String DEFAULT_KAFKA = "127.0.0.1:19392";
    public static final String DEFAULT_PG_HOST = "127.0.0.1";
    public static final String DEFAULT_PG_PORT = "5432";
    public static final String DEFAULT_MONGODB = "mongodb://127.0.0.1:17027";

    /** One service the tests reach, where they reach it, and what to do when it is missing. */
    public record Endpoint(String name, String host, int port, String problem) {

        public Endpoint(String name, String host, int port) {
            this(name, host, port, null);
        }

        public String address() {
            return host + ":" + port;
        }
    }

    private TestInfrastructure() {
    }

    /**
     * The endpoints a module's configuration needs, resolved from system properties, then the environment, then the
     * test defaults (the ports {@code PETITIONS_ENV=test ./petitions infra up} uses).
     *
     * @param config   the module's merged application.properties
     * @param settings a system property or environment variable by name (null when unset)
     * @param outbox   whether the module relays an outbox to Kafka (platform-outbox on the class path)
     */
    public static List<Endpoint> required(Properties config, Function<String, String> settings, boolean outbox) {
        List<Endpoint> needed = new ArrayList<>();
        if (outbox || usesKafka(config)) {
            needed.add(kafka(settings));
        }
        if (usesPostgres(config)) {
            String host = first(settings, "PETITIONS_PG_HOST", DEFAULT_PG_HOST);
            needed.add(endpoint("PostgreSQL", host, first(settings, "PETITIONS_PG_PORT", DEFAULT_PG_PORT)));
        }
        if (config.stringPropertyNames().stream().anyMatch(k -> k.startsWith("quarkus.mongodb.") || k.startsWith("%test.quarkus.mongodb."))) {
            String uri = firstOf(settings, DEFAULT_MONGODB, "quarkus.mongodb.connection-string", "QUARKUS_MONGODB_CONNECTION_STRING");
            needed.add(mongo(uri));
        }
        return needed;
    }

    static boolean usesKafka(Properties config) {
        for (String key : config.stringPropertyNames()) {
            String bare = key.startsWith("%") ? key.substring(key.indexOf('.') + 1) : key;
            if (bare.startsWith("quarkus.kafka-streams.")
                    || (bare.startsWith("mp.messaging.") && bare.endsWith(".connector")
                    && "smallrye-kafka".equals(config.getProperty(key).trim()))) {
                return true;
            }
        }
        return false;
    }

    static boolean usesPostgres(Properties config) {
        for (String key : config.stringPropertyNames()) {
            String bare = key.startsWith("%") ? key.substring(key.indexOf('.') + 1) : key;
            String value = config.getProperty(key).trim();
            if ((bare.equals("quarkus.datasource.db-kind") && value.equals("postgresql"))
                    || (bare.equals("quarkus.datasource.jdbc.url") && value.startsWith("jdbc:postgresql:"))) {
                return true;
            }
        }
        return false;
    }

    private static Endpoint kafka(Function<String, String> settings) {
        String servers = firstOf(settings, null, "kafka.bootstrap.servers", "KAFKA_BOOTSTRAP_SERVERS");
        if (servers == null || servers.isBlank()) {
            // Quarkus would try localhost:9092, not the test broker
            Endpoint fallback = endpoint("Kafka", DEFAULT_KAFKA);
            return new Endpoint("Kafka", fallback.host(), fallback.port(), "KAFKA_BOOTSTRAP_SERVERS is not set: " + HOW_TO_START);
        }
        return endpoint("Kafka", servers.split(",")[0].trim());
    }

    private static Endpoint mongo(String uri) {
        // mongodb://[user:password@]host[:port][,host2...][/db][?options]
        String rest = uri.replaceFirst("^mongodb(\\+srv)?://", "");
        rest = rest.substring(rest.lastIndexOf('@') + 1);
        rest = rest.split("[/?,]", 2)[0];
        return endpoint("MongoDB", rest.contains(":") ? rest : rest + ":27017");
    }

    private static Endpoint endpoint(String name, String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException(name + " address " + hostPort + " has no port");
        }
        return endpoint(name, hostPort.substring(0, colon), hostPort.substring(colon + 1));
    }

    private static Endpoint endpoint(String name, String host, String port) {
        try {
            return new Endpoint(name, host, Integer.parseInt(port.trim()));
        } catch (NumberFormatException e) {
            return new Endpoint(name, host, -1, name + " port '" + port + "' is not a number: " + HOW_TO_START);
        }
    }

    private static String first(Function<String, String> settings, String name, String fallback) {
        String value = settings.apply(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    private static String firstOf(Function<String, String> settings, String fallback, String... names) {
        for (String name : names) {
            String value = settings.apply(name);
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        return fallback;
    }

    /**
     * One line saying what is missing and how to start it, or empty when the endpoint accepts a TCP connection within
     * {@code timeoutMillis}.
     */
    public static Optional<String> check(Endpoint endpoint, int timeoutMillis) {
        if (endpoint.problem() != null) {
            return Optional.of(endpoint.problem());
        }
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(endpoint.host(), endpoint.port()), timeoutMillis);
            return Optional.empty();
        } catch (IOException | IllegalArgumentException e) {
            return Optional.of(endpoint.name() + " is not reachable at " + endpoint.address() + ": " + HOW_TO_START);
        }
    }

    /** The first missing endpoint's line, or empty when all answer. */
    public static Optional<String> firstMissing(List<Endpoint> endpoints, int timeoutMillis) {
        for (Endpoint endpoint : endpoints) {
            Optional<String> missing = check(endpoint, timeoutMillis);
            if (missing.isPresent()) {
                return missing;
            }
        }
        return Optional.empty();
    }

    /**
     * The module's own {@code application.properties} (in directories of the class path, not in jars) merged; the
     * test resources' win over main's.
     */
    public static Properties configuration(ClassLoader loader) {
        Properties merged = new Properties();
        try {
            List<URL> urls = new ArrayList<>();
            Enumeration<URL> found = loader.getResources("application.properties");
            while (found.hasMoreElements()) {
                URL url = found.nextElement();
                if ("file".equals(url.getProtocol())) {
                    urls.add(url); // the module's own (target/classes, target/test-classes), not a library's
                }
            }
            // surefire puts test-classes before classes: read in reverse so that the first one found wins
            for (int i = urls.size() - 1; i >= 0; i--) {
                try (InputStream in = urls.get(i).openStream()) {
                    merged.load(in);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return merged;
    }

    /** System properties first, then the environment. */
    public static Function<String, String> systemSettings() {
        Map<String, String> env = System.getenv();
        return name -> {
            String property = System.getProperty(name);
            return property != null ? property : env.get(name);
        };
    }
}

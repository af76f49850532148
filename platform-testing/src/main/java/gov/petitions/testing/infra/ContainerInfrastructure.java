package gov.petitions.testing.infra;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.Container;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.mongodb.MongoDBContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Where {@code ./petitions infra up} has not run but Docker answers (an agency's CI machine), the test infrastructure
 * in containers: the broker, PostgreSQL with the roles and databases {@code ./petitions} makes, and a <em>real</em>
 * MongoDB (not the mongo-java-server stand-in the scripts run), each started only if the module needs it and it is
 * not already reachable. Their addresses become system properties of the test JVM, which the services' configuration
 * ({@code ${PETITIONS_PG_HOST}}, {@code kafka.bootstrap.servers}, {@code quarkus.mongodb.connection-string}) and the
 * probes read before the environment. Testcontainers' reaper removes them when the JVM ends.
 *
 * <p>Images are properties ({@code petitions.testcontainers.kafka-image}, {@code .postgres-image},
 * {@code .mongodb-image}) for a registry mirror; {@code -Dpetitions.testcontainers=false} never starts containers.
 */
final class ContainerInfrastructure {

    static final String KAFKA_IMAGE = "apache/kafka:4.1.0";
    static final String POSTGRES_IMAGE = "postgres:17-alpine";
    static final String MONGODB_IMAGE = "mongo:8.0";
    /** The databases (and their owner roles, same name) {@code ./petitions infra up} makes for the test instance. */
    static final List<String> DATABASES = List.of("intake_test", "routing_test", "supervision_test", "outbox_test");

    private ContainerInfrastructure() {
    }

    /** Whether containers may be started: not switched off, and a Docker daemon answers. Never throws. */
    static boolean available() {
        if ("false".equals(System.getProperty("petitions.testcontainers"))) {
            return false;
        }
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (Throwable noDocker) {
            return false;
        }
    }

    /**
     * Starts a container for each missing endpoint and points the test JVM at it.
     *
     * @return the line to fail with if one could not be started, else empty
     */
    static Optional<String> start(List<TestInfrastructure.Endpoint> missing) {
        for (TestInfrastructure.Endpoint endpoint : missing) {
            try {
                switch (endpoint.name()) {
                    case "Kafka" -> kafka();
                    case "PostgreSQL" -> postgres();
                    case "MongoDB" -> mongodb();
                    default -> {
                        return Optional.of("no container for " + endpoint.name());
                    }
                }
            } catch (RuntimeException | IOException | InterruptedException | ExecutionException e) {
                return Optional.of(endpoint.name() + " did not start in a container (" + e.getClass().getSimpleName()
                        + ": " + e.getMessage() + "); " + TestInfrastructure.HOW_TO_START);
            }
        }
        return Optional.empty();
    }

    @SuppressWarnings("resource") // the reaper stops it with the JVM; the tests of the whole JVM share it
    private static void kafka() throws IOException, InterruptedException, ExecutionException {
        KafkaContainer kafka = new KafkaContainer(System.getProperty("petitions.testcontainers.kafka-image", KAFKA_IMAGE))
                .withEnv("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "false")
                .withEnv("KAFKA_NUM_PARTITIONS", "6");
        kafka.start();
        String servers = kafka.getBootstrapServers();
        createTopics(servers);
        System.setProperty("kafka.bootstrap.servers", servers);
        System.setProperty("KAFKA_BOOTSTRAP_SERVERS", servers);
    }

    /** The topics of {@code infra/kafka/topics.txt} with their partition counts, as {@code ./petitions} creates them. */
    static void createTopics(String servers) throws IOException, InterruptedException, ExecutionException {
        List<NewTopic> topics = new ArrayList<>();
        for (String line : Files.readAllLines(topicsFile())) {
            String trimmed = line.strip();
            if (!trimmed.isEmpty() && !trimmed.startsWith("#")) {
                String[] parts = trimmed.split("\\s+");
                topics.add(new NewTopic(parts[0], Integer.parseInt(parts[1]), (short) 1));
            }
        }
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, servers))) {
            for (var created : admin.createTopics(topics).values().values()) {
                try {
                    created.get(60, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                } catch (java.util.concurrent.TimeoutException e) {
                    throw new IllegalStateException("the broker did not create the topics in 60 s", e);
                }
            }
        }
    }

    /** infra/kafka/topics.txt of the checkout the tests run in: the module's directory or one above it. */
    static Path topicsFile() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path file = dir.resolve("infra/kafka/topics.txt");
            if (Files.isRegularFile(file)) {
                return file;
            }
        }
        throw new UncheckedIOException(new IOException("infra/kafka/topics.txt not found above " + Path.of("").toAbsolutePath()));
    }

    @SuppressWarnings("resource")
    private static void postgres() throws IOException, InterruptedException {
        PostgreSQLContainer postgres = new PostgreSQLContainer(
                System.getProperty("petitions.testcontainers.postgres-image", POSTGRES_IMAGE));
        postgres.start();
        byte[] bytes = new byte[16];
        new SecureRandom().nextBytes(bytes);
        String password = HexFormat.of().formatHex(bytes);
        StringBuilder sql = new StringBuilder();
        for (String db : DATABASES) {
            sql.append("CREATE ROLE ").append(db).append(" LOGIN PASSWORD '").append(password).append("';")
                    .append("CREATE DATABASE ").append(db).append(" OWNER ").append(db).append(';');
        }
        // one statement per -c: CREATE DATABASE cannot run inside the transaction a multi-statement string is
        List<String> command = new ArrayList<>(List.of("psql", "-v", "ON_ERROR_STOP=1", "-U", postgres.getUsername(), "-d", "postgres"));
        for (String statement : sql.toString().split(";")) {
            command.add("-c");
            command.add(statement);
        }
        Container.ExecResult result = postgres.execInContainer(command.toArray(String[]::new));
        if (result.getExitCode() != 0) {
            throw new IllegalStateException("psql: " + result.getStderr().strip());
        }
        System.setProperty("PETITIONS_PG_HOST", postgres.getHost());
        System.setProperty("PETITIONS_PG_PORT", Integer.toString(postgres.getMappedPort(5432)));
        System.setProperty("quarkus.datasource.password", password);
        System.setProperty("QUARKUS_DATASOURCE_PASSWORD", password);
    }

    @SuppressWarnings("resource")
    private static void mongodb() {
        MongoDBContainer mongo = new MongoDBContainer(System.getProperty("petitions.testcontainers.mongodb-image", MONGODB_IMAGE));
        mongo.start();
        String uri = mongo.getConnectionString();
        System.setProperty("quarkus.mongodb.connection-string", uri);
        System.setProperty("QUARKUS_MONGODB_CONNECTION_STRING", uri);
    }
}

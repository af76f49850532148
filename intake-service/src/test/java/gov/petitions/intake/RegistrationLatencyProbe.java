package gov.petitions.intake;

import gov.petitions.testing.TestSecrets;
import gov.petitions.testing.TestTokens;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManagerFactory;
import org.hibernate.SessionFactory;
import org.hibernate.stat.Statistics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Not a test: a harness run by hand (issue #20) that times one clerk's registrations one after another through the
 * API, as {@code ./petitions scale} does, on the test infrastructure (real PostgreSQL and broker; the outbox relay and
 * search's consumers on, as in production, unless switched off with -D). It asserts nothing about time; it prints.
 * <pre>
 * ./mvnw -o test -pl intake-service -Dtest=RegistrationLatencyProbe -Dregistration.latency.probe=true
 *     [-Dprobe.warm=500 -Dprobe.timed=300] [-Dprobe.idempotency-key=true] [-Dpetitions.outbox.relay-enabled=false]
 * </pre>
 * Its petitions (summary 登记耗时探针, category other, county 341882) stay in the test database. Phases: "cold" is
 * the scale run's measure (3 untimed, then 20 timed, right after the service started); "warm" times
 * {@code probe.timed} after {@code probe.warm} more; "GET /categories" is the floor of an authenticated request
 * (HTTP, JWT, JSON) without the database. In the warm phase it also counts the JDBC statements Hibernate prepared
 * and the commits PostgreSQL saw (everything in intake's database: the relay's too, when it is on).
 */
@QuarkusTest
@QuarkusTestResource(TestSecrets.class)
@EnabledIfSystemProperty(named = "registration.latency.probe", matches = "true")
class RegistrationLatencyProbe {

    @TestHTTPResource("/")
    URL base;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    EntityManagerFactory entityManagerFactory;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void timeOneClerksRegistrations() throws Exception {
        int warm = Integer.getInteger("probe.warm", 500);
        int timed = Integer.getInteger("probe.timed", 300);
        String token = TestTokens.clerk();

        time("cold (3 untimed, 20 timed)", 3, 20, () -> register(token));
        time("warm-up", warm, 0, () -> register(token));

        Statistics statistics = entityManagerFactory.unwrap(SessionFactory.class).getStatistics();
        Thread.sleep(11_000); // pg_stat_database's counters are whole after an idle backend's ten seconds
        long commitsBefore = commits();
        long statementsBefore = statistics.getPrepareStatementCount();
        time("warm", 0, timed, () -> register(token));
        long statements = statistics.getPrepareStatementCount() - statementsBefore;
        Thread.sleep(11_000);
        long commits = commits() - commitsBefore - 1;
        System.out.printf("probe: warm: %.2f statements and %.2f commits per registration (%d registrations)%n",
                (double) statements / timed, (double) commits / timed, timed);

        time("GET /categories", 50, timed, () -> {
            HttpRequest request = HttpRequest.newBuilder(base.toURI().resolve("categories"))
                    .header("Authorization", "Bearer " + token).GET().build();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("categories answered " + response.statusCode());
            }
        });
    }

    interface Call {
        void run() throws Exception;
    }

    private static void time(String phase, int untimed, int timed, Call call) throws Exception {
        for (int i = 0; i < untimed; i++) {
            call.run();
        }
        if (timed == 0) {
            return;
        }
        double[] ms = new double[timed];
        for (int i = 0; i < timed; i++) {
            long t0 = System.nanoTime();
            call.run();
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        Arrays.sort(ms);
        System.out.printf("probe: %-28s n=%4d  p50 %6.2f ms  p95 %6.2f ms  p99 %6.2f ms  max %6.2f ms%n", phase, timed,
                at(ms, 0.50), at(ms, 0.95), at(ms, 0.99), ms[ms.length - 1]);
    }

    private static double at(double[] sorted, double q) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)];
    }

    /**
     * A clerk's walk-in registration of someone seen for the first time, phone only, as the scale run sends (without
     * an Idempotency-Key, unless probe.idempotency-key).
     */
    private void register(String token) throws Exception {
        String phone = String.format("139%08d", ThreadLocalRandom.current().nextInt(100_000_000));
        // words and a place no test searches for: the probe writes hundreds of petitions into the shared test
        // database, and a search test's common words must not find them
        String body = "{\"channel\":\"WALK_IN\",\"categoryCode\":\"other\",\"locationCode\":\"341882\","
                + "\"summary\":\"登记耗时探针\",\"personCount\":1,"
                + "\"petitioner\":{\"name\":\"信访人\",\"phone\":\"" + phone + "\"}}";
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base.toString()).resolve("petitions"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (Boolean.getBoolean("probe.idempotency-key")) {
            request.header("Idempotency-Key", UUID.randomUUID().toString());
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 201) {
            throw new IllegalStateException("registration answered " + response.statusCode() + ": " + response.body());
        }
    }

    private long commits() throws Exception {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("select xact_commit from pg_stat_database where datname = current_database()")) {
            row.next();
            return row.getLong(1);
        }
    }
}

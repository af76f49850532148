package gov.petitions.intake;

import gov.petitions.intake.service.RegistrationGroups;
import gov.petitions.testing.TestSecrets;
import gov.petitions.testing.TestTokens;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManagerFactory;
import org.hibernate.SessionFactory;
import org.hibernate.stat.Statistics;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue #20: what one registration costs the database, counted, not assumed. {@value #CLIENTS} clients register
 * {@value #PER_CLIENT} petitions each at the same time (staff with an Idempotency-Key, and online without), and the
 * test counts the commits PostgreSQL saw in intake's database ({@code pg_stat_database.xact_commit}) and the JDBC
 * statements Hibernate prepared (its statistics: native queries included; a JDBC batch is one). Then one client
 * registers alone, one petition after another, as a clerk at a window does: each is written at once, waiting for no
 * group, in one commit and a counted number of statements. The outbox relay, the scheduled jobs and search's
 * read-model consumers are off in this profile so that every counted commit and statement is a registration's;
 * group commit runs with the production defaults. Only counts are asserted, never times (RegistrationLatencyProbe
 * times them, by hand).
 */
@QuarkusTest
@TestProfile(RegistrationCostTest.Quiet.class)
@QuarkusTestResource(TestSecrets.class)
class RegistrationCostTest {

    static final int CLIENTS = 32;
    static final int PER_CLIENT = 4;

    /**
     * Measured by this test on main before group commit (docs/registration.md): 1.34 commits and 9.98 statements per
     * registration. The ceiling for statements now.
     */
    static final double STATEMENTS_BEFORE = 9.98;

    /**
     * What one lone registration may cost, the tracking numbers' draws (two statements per 32) aside: the key claimed
     * with its answer, the petitioner looked up and recorded, the petition, its contact, its outbox row; online, the
     * per-phone counter instead of the key. Before (one statement for the key's claim, one for its answer): 6.
     */
    static final int LONE_STATEMENTS = 5;

    public static class Quiet implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // group commit as in production: a group is what queued while the previous one was written, no waiting.
            // The pool's connections, told the server's version, open without the driver's own settings statements
            // (each a commit), so that a count can start from a pool that settle() closed (beforeCount)
            return Map.of("petitions.outbox.relay-enabled", "false", "quarkus.scheduler.enabled", "false",
                    "mp.messaging.incoming.case-assigned.enabled", "false",
                    "mp.messaging.incoming.case-status-changed.enabled", "false",
                    "quarkus.datasource.jdbc.additional-jdbc-properties.assumeMinServerVersion", "10");
        }
    }

    @Inject
    AgroalDataSource dataSource;

    @Inject
    EntityManagerFactory entityManagerFactory;

    @Inject
    RegistrationGroups groups;

    /**
     * The counters are read on a connection of the test's own, opened before the warm-up (its opening is a commit of
     * the driver's, reported by the time the count starts) and kept to the end, never the pool's, which settle closes.
     */
    Connection stats;

    @org.junit.jupiter.api.BeforeEach
    void openStats() throws Exception {
        stats = direct();
    }

    @org.junit.jupiter.api.AfterEach
    void closeStats() throws Exception {
        stats.close();
    }

    @Test
    void concurrentRegistrationsShareCommitsAndTakeFewStatements() throws Exception {
        // warm up: the category cache, the cipher, the connection pool, the JIT's first pass
        register(0, 0);
        register(1, 0);
        beforeCount();

        Statistics statistics = entityManagerFactory.unwrap(SessionFactory.class).getStatistics();
        long commitsBefore = commits();
        long statementsBefore = statistics.getPrepareStatementCount();
        RegistrationGroups.Counts groupsBefore = groups.counts();

        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                int client = c;
                results.add(pool.submit((Callable<Integer>) () -> {
                    int created = 0;
                    for (int i = 0; i < PER_CLIENT; i++) {
                        created += register(client, i);
                    }
                    return created;
                }));
            }
            int created = 0;
            for (Future<Integer> result : results) {
                created += result.get();
            }
            assertEquals(CLIENTS * PER_CLIENT, created, "every registration answered 201");
        } finally {
            pool.shutdownNow();
        }
        long statements = statistics.getPrepareStatementCount() - statementsBefore;
        RegistrationGroups.Counts written = since(groupsBefore);
        settle();
        long commits = commits() - commitsBefore;

        int registrations = CLIENTS * PER_CLIENT;
        double commitsEach = (double) commits / registrations;
        double statementsEach = (double) statements / registrations;
        System.out.printf("registration cost: %d registrations by %d concurrent clients: %d commits (%.3f each), "
                        + "%d statements (%.2f each); %d groups (%.1f registrations each), %d waits for company%n",
                registrations, CLIENTS, commits, commitsEach, statements, statementsEach, written.groups(),
                (double) written.works() / written.groups(), written.waitsForCompany());
        assertEquals(0, written.waitsForCompany(), "groups form from what queued meanwhile, without waiting");
        assertTrue(commitsEach <= 0.5, "commits per registration " + commitsEach);
        assertTrue(statementsEach < STATEMENTS_BEFORE, "statements per registration " + statementsEach);
        // what a group's size leaves: each registration's own two (its key or per-phone counter, the petitioner's
        // look-up), and per group one batch a table (petitioner, petition, contact, outbox) and a spare. The outbox's
        // rows once went one statement each, as a key Hibernate read back forces: 412 statements here, over this
        assertTrue(statements <= 2L * registrations + 5L * written.groups(), "statements " + statements + " for "
                + registrations + " registrations in " + written.groups() + " groups: is a table not batched?");
    }

    /**
     * One client, one registration after another (a clerk at a window, the scale run's measure): nobody else is
     * coming, so none may wait for company (a group window was once a floor under every lone registration's
     * latency); each is its own group and its own commit, in at most {@value #LONE_STATEMENTS} statements besides
     * the tracking numbers' draws.
     */
    @Test
    void aLoneRegistrationWaitsForNoOneAndTakesFewStatements() throws Exception {
        register(0, 0);
        register(1, 0);
        beforeCount();
        Statistics statistics = entityManagerFactory.unwrap(SessionFactory.class).getStatistics();
        long commitsBefore = commits();
        RegistrationGroups.Counts groupsBefore = groups.counts();
        int each = 32;

        long statementsBefore = statistics.getPrepareStatementCount();
        for (int i = 0; i < each; i++) {
            register(0, i); // a clerk, with an Idempotency-Key
        }
        long clerks = statistics.getPrepareStatementCount() - statementsBefore;
        statementsBefore = statistics.getPrepareStatementCount();
        for (int i = 0; i < each; i++) {
            register(1, i); // online, without a key
        }
        long online = statistics.getPrepareStatementCount() - statementsBefore;
        RegistrationGroups.Counts written = since(groupsBefore);
        settle();
        long commits = commits() - commitsBefore;

        System.out.printf("registration cost, one client: %d clerk registrations with a key, %d statements (%.2f each); "
                        + "%d online without, %d statements (%.2f each); %d commits (%.3f each); %d groups, %d waits for "
                        + "company%n", each, clerks, (double) clerks / each, each, online, (double) online / each,
                commits, (double) commits / (2 * each), written.groups(), written.waitsForCompany());
        assertEquals(0, written.waitsForCompany(), "a lone registration waited for company that was not coming");
        assertEquals(2 * each, written.groups(), "each lone registration is a group of its own");
        assertEquals(2 * each, written.works());
        // one transaction each; a stray commit of the pool's own (a connection checked) is allowed for
        assertTrue(commits >= 2L * each && commits <= 2L * each + 1, "commits: " + commits);
        // 32 registrations draw tracking numbers once or, across a draw's boundary, twice: two statements a draw
        assertTrue(clerks <= (long) LONE_STATEMENTS * each + 4, "statements of a clerk's registration: " + clerks);
        assertTrue(online <= (long) LONE_STATEMENTS * each + 4, "statements of an online registration: " + online);
    }

    /**
     * A search's cost, in the same quiet profile: its settings, the candidates' query, and one statement for the
     * page's petitions (they were read one statement each: 2 + the page's size).
     */
    @Test
    void aSearchReadsItsPageInOneStatement() {
        String word = "成本检索" + UUID.randomUUID().toString().substring(0, 8);
        for (int i = 0; i < 3; i++) {
            Map<String, Object> body = Bodies.petition("WALK_IN", "labour-wages", "341302", word + "拖欠工资",
                    Bodies.person("成本测试", Bodies.mobile(), null));
            given().auth().oauth2(TestTokens.clerk()).contentType(ContentType.JSON).body(body)
                    .post("/petitions").then().statusCode(201);
        }
        // once untimed and uncounted: search's catalogue of names is read on first use (then kept a minute)
        given().auth().oauth2(TestTokens.clerk("341302")).queryParam("q", word).get("/petitions/search")
                .then().statusCode(200).body("total", org.hamcrest.Matchers.equalTo(3));
        Statistics statistics = entityManagerFactory.unwrap(SessionFactory.class).getStatistics();
        long before = statistics.getPrepareStatementCount();
        given().auth().oauth2(TestTokens.clerk("341302")).queryParam("q", word).get("/petitions/search")
                .then().statusCode(200).body("total", org.hamcrest.Matchers.equalTo(3));
        assertEquals(3, statistics.getPrepareStatementCount() - before, "statements of a search with a page of 3");
    }

    private RegistrationGroups.Counts since(RegistrationGroups.Counts before) {
        RegistrationGroups.Counts now = groups.counts();
        return new RegistrationGroups.Counts(now.groups() - before.groups(), now.works() - before.works(),
                now.waitsForCompany() - before.waitsForCompany());
    }

    /** Half the clients are clerks with an Idempotency-Key, half are citizens online; every petitioner is new. */
    private static int register(int client, int i) {
        boolean staff = client % 2 == 0;
        Map<String, Object> person = Bodies.person("成本测试", Bodies.mobile(), i % 2 == 0 ? Bodies.idNumber() : null);
        if (staff) {
            Map<String, Object> body = Bodies.petition("WALK_IN", "labour-wages", "341302", "拖欠工资三个月", person);
            return given().auth().oauth2(TestTokens.clerk()).contentType(ContentType.JSON)
                    .header("Idempotency-Key", UUID.randomUUID().toString()).body(body)
                    .post("/petitions").then().statusCode(201).extract().statusCode() == 201 ? 1 : 0;
        }
        Map<String, Object> body = Map.of("categoryCode", "education", "locationCode", "340102",
                "summary", "学校乱收费", "petitioner", person);
        return given().contentType(ContentType.JSON).body(body).post("/public/petitions")
                .then().statusCode(201).extract().statusCode() == 201 ? 1 : 0;
    }

    /**
     * Makes pg_stat_database's counters whole, before a count and after it, at once. A backend reports them at most
     * once a second, an idle one only within ten seconds (PGSTAT_IDLE_INTERVAL), but every backend as it exits: so
     * the pool closes its connections (in the background), and this waits until no other backend of the database is
     * left (or the ten seconds have passed, if one stays). beforeCount opens the first one again outside a count.
     */
    private void settle() throws Exception {
        dataSource.flush(AgroalDataSource.FlushMode.ALL);
        long until = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(11);
        while (System.nanoTime() < until && read(stats, "select count(*) from pg_stat_activity "
                + "where datname = current_database() and pid <> pg_backend_pid()") > 0) {
            Thread.sleep(50);
        }
    }

    /**
     * Makes the counters whole before a count (settle) and opens the pool's first connection again, outside the
     * count: the pool asks a new connection its isolation level, a commit, which its backend reports at once (a new
     * backend reports its first transaction before it answers, having reported nothing within the last second).
     */
    private void beforeCount() throws Exception {
        settle();
        try (Connection ignored = dataSource.getConnection()) {
            // back to the pool, open
        }
    }

    private long commits() throws Exception {
        return read(stats, "select xact_commit from pg_stat_database where datname = current_database()");
    }

    /**
     * One number, read in a transaction that is rolled back: the reading adds no commit to what is counted. The
     * statistics snapshot a transaction keeps is cleared first, so the number is the server's now.
     */
    private static long read(Connection connection, String query) throws Exception {
        try (Statement statement = connection.createStatement()) {
            statement.execute("select pg_stat_clear_snapshot()");
            try (ResultSet row = statement.executeQuery(query)) {
                row.next();
                return row.getLong(1);
            }
        } finally {
            connection.rollback();
        }
    }

    /**
     * A connection outside the pool and any auto-commit. Told the server's version, the driver sends its settings
     * with the start-up message instead of running statements, each a commit.
     */
    private static Connection direct() throws Exception {
        org.eclipse.microprofile.config.Config config = org.eclipse.microprofile.config.ConfigProvider.getConfig();
        java.util.Properties properties = new java.util.Properties();
        properties.setProperty("user", config.getValue("quarkus.datasource.username", String.class));
        config.getOptionalValue("quarkus.datasource.password", String.class)
                .ifPresent(password -> properties.setProperty("password", password));
        properties.setProperty("assumeMinServerVersion", "10");
        Connection connection = java.sql.DriverManager.getConnection(
                config.getValue("quarkus.datasource.jdbc.url", String.class), properties);
        connection.setAutoCommit(false);
        return connection;
    }
}

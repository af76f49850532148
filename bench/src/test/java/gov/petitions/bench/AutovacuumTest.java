package gov.petitions.bench;

import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The benchmark's stand-in for autovacuum, on the test instance's PostgreSQL: a table past autovacuum's analyse
 * threshold (50 + 10 % of its rows changed) gets its statistics from one pass, by the database's owner, and one below
 * it does not.
 */
class AutovacuumTest {

    private static final String HOST = env("PETITIONS_PG_HOST", "127.0.0.1");
    private static final String PORT = env("PETITIONS_PG_PORT", "5432");
    private static final String DATABASE = "intake_test";
    private static final String PASSWORD = env("QUARKUS_DATASOURCE_PASSWORD", "");

    @Test
    void aPassAnalysesTheTablesPastAutovacuumsThresholdOnly() throws Exception {
        try (Connection owner = connect(); Statement sql = owner.createStatement()) {
            sql.execute("drop table if exists bench_autovacuum_busy, bench_autovacuum_quiet");
            sql.execute("create table bench_autovacuum_busy (id int)");
            sql.execute("create table bench_autovacuum_quiet (id int)");
            try {
                sql.execute("insert into bench_autovacuum_busy select generate_series(1, 200)");
                sql.execute("insert into bench_autovacuum_quiet select generate_series(1, 10)");
                // the backend's counts reach pg_stat_user_tables when it next reports, which this asks to be now
                sql.execute("select pg_stat_force_next_flush()");
                sql.execute("select 1");
                awaitCounted(sql, "bench_autovacuum_busy", 200);
                assertNull(lastAnalyze(sql, "bench_autovacuum_busy"));

                Autovacuum standIn = new Autovacuum("jdbc:postgresql://" + HOST + ":" + PORT + "/postgres", PASSWORD,
                        List.of(DATABASE));
                standIn.pass();

                assertNotNull(lastAnalyze(sql, "bench_autovacuum_busy"), "200 rows inserted: past 50 + 10 %");
                assertNull(lastAnalyze(sql, "bench_autovacuum_quiet"), "10 rows: below the threshold of 50");
                assertEquals(true, standIn.toJson().get("analyses").asLong() >= 1);
            } finally {
                sql.execute("drop table if exists bench_autovacuum_busy, bench_autovacuum_quiet");
            }
        }
    }

    private static void awaitCounted(Statement sql, String table, long rows) throws Exception {
        for (int i = 0; i < 100; i++) {
            try (ResultSet r = sql.executeQuery("select n_mod_since_analyze from pg_stat_user_tables where relname = '"
                    + table + "'")) {
                if (r.next() && r.getLong(1) >= rows) {
                    return;
                }
            }
            sql.execute("select pg_stat_clear_snapshot()");
            Thread.sleep(100);
        }
        fail("PostgreSQL did not count the inserts into " + table);
    }

    private static Object lastAnalyze(Statement sql, String table) throws SQLException {
        sql.execute("select pg_stat_clear_snapshot()");
        try (ResultSet r = sql.executeQuery("select coalesce(last_analyze, last_autoanalyze) from pg_stat_user_tables "
                + "where relname = '" + table + "'")) {
            r.next();
            return r.getObject(1);
        }
    }

    private static Connection connect() {
        try {
            Connection connection = DriverManager.getConnection("jdbc:postgresql://" + HOST + ":" + PORT + "/" + DATABASE,
                    DATABASE, PASSWORD);
            connection.setAutoCommit(true);
            return connection;
        } catch (SQLException e) {
            throw new IllegalStateException("no test PostgreSQL at " + HOST + ":" + PORT + " (start it: "
                    + "PETITIONS_ENV=test ./petitions infra up, then export what it prints): " + e.getMessage(), e);
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}

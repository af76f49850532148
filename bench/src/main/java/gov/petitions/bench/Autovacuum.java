package gov.petitions.bench;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * PostgreSQL in production runs autovacuum. A server with it off (the CI machine's shared server has
 * {@code autovacuum = off}) never analyses the services' tables during a run, and the planner works the whole run
 * from tables it believes nearly empty: in a run of 22,000 petitions intake's repeat check went through a category's
 * index (7,766 scans of 858 entries each) and the petition table was read whole 653 times, costs no deployed system
 * pays. So when the server's autovacuum is off, the benchmark does for the services' databases what autovacuum would:
 * once a naptime (the server's {@code autovacuum_naptime}), every table past autovacuum's own thresholds (the server's
 * settings: by default analyse after 50 + 10 % of its rows changed, vacuum after 50 + 20 % of them died or 1,000 + 20 %
 * were inserted) is analysed or vacuumed, by the database's owner. Its backends belong to those databases, so what it
 * costs counts as PostgreSQL's CPU, as autovacuum's workers would. With the server's autovacuum on, it does nothing.
 */
final class Autovacuum implements AutoCloseable {

    private final List<String> databases;
    private final String baseUrl;
    private final String password;
    private final ScheduledExecutorService worker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "autovacuum-stand-in");
        t.setDaemon(true);
        return t;
    });
    private final AtomicLong analyses = new AtomicLong();
    private final AtomicLong vacuums = new AtomicLong();
    private volatile String state = "not checked";
    private volatile Duration naptime = Duration.ofMinutes(1);

    /** @param pgUrl a JDBC URL of the server (any database): the services' databases are reached on the same server */
    Autovacuum(String pgUrl, String password, List<String> databases) {
        this.baseUrl = pgUrl.substring(0, pgUrl.lastIndexOf('/') + 1);
        this.password = password == null ? "" : password;
        this.databases = List.copyOf(databases);
    }

    void start() {
        if (databases.isEmpty()) {
            state = "no databases";
            return;
        }
        try (Connection connection = connect(databases.get(0)); Statement statement = connection.createStatement()) {
            if (setting(statement, "autovacuum").equals("on")) {
                state = "on: the server's own";
                return;
            }
            naptime = Duration.ofSeconds(Long.parseLong(setting(statement, "autovacuum_naptime")));
        } catch (SQLException | RuntimeException e) {
            state = "not checked: " + e.getMessage();
            return;
        }
        state = "off on the server: the benchmark analysed and vacuumed by autovacuum's thresholds every " + naptime.toSeconds() + " s";
        System.out.println("[bench] the server's autovacuum is off: the benchmark stands in for it (every "
                + naptime.toSeconds() + " s, autovacuum's thresholds)");
        worker.scheduleWithFixedDelay(this::pass, naptime.toMillis(), naptime.toMillis(), TimeUnit.MILLISECONDS);
    }

    void pass() {
        for (String database : databases) {
            try (Connection connection = connect(database); Statement statement = connection.createStatement()) {
                for (String[] due : due(statement)) {
                    String table = "\"" + due[0].replace("\"", "\"\"") + "\"";
                    if (due[1].equals("vacuum")) {
                        statement.execute("vacuum (analyze) " + table);
                        vacuums.incrementAndGet();
                        analyses.incrementAndGet();
                    } else {
                        statement.execute("analyze " + table);
                        analyses.incrementAndGet();
                    }
                }
            } catch (SQLException e) {
                System.out.println("[bench] autovacuum stand-in: " + database + ": " + e.getMessage());
            }
        }
    }

    /** The tables past autovacuum's thresholds, as autovacuum reckons them: "vacuum" (with analyse) or "analyze". */
    private static List<String[]> due(Statement statement) throws SQLException {
        List<String[]> due = new ArrayList<>();
        try (ResultSet rows = statement.executeQuery("""
                select s.relname,
                       case when s.n_dead_tup > current_setting('autovacuum_vacuum_threshold')::float8
                                 + current_setting('autovacuum_vacuum_scale_factor')::float8 * greatest(c.reltuples, 0)
                              or s.n_ins_since_vacuum > current_setting('autovacuum_vacuum_insert_threshold')::float8
                                 + current_setting('autovacuum_vacuum_insert_scale_factor')::float8 * greatest(c.reltuples, 0)
                            then 'vacuum'
                            when s.n_mod_since_analyze > current_setting('autovacuum_analyze_threshold')::float8
                                 + current_setting('autovacuum_analyze_scale_factor')::float8 * greatest(c.reltuples, 0)
                            then 'analyze' end as work
                  from pg_stat_user_tables s join pg_class c on c.oid = s.relid
                 order by s.relname""")) {
            while (rows.next()) {
                if (rows.getString(2) != null) {
                    due.add(new String[]{rows.getString(1), rows.getString(2)});
                }
            }
        }
        return due;
    }

    private static String setting(Statement statement, String name) throws SQLException {
        try (ResultSet row = statement.executeQuery("select setting from pg_settings where name = '" + name + "'")) {
            row.next();
            return row.getString(1);
        }
    }

    /** As the database's owner (each service's database is owned by its user of the same name), who may analyse it. */
    private Connection connect(String database) throws SQLException {
        Connection connection = DriverManager.getConnection(baseUrl + database, database, password);
        connection.setAutoCommit(true);
        return connection;
    }

    ObjectNode toJson() {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("state", state);
        node.put("analyses", analyses.get());
        node.put("vacuums", vacuums.get());
        return node;
    }

    @Override
    public void close() {
        worker.shutdownNow();
    }
}

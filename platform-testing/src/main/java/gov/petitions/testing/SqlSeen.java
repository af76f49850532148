package gov.petitions.testing;

import org.hibernate.resource.jdbc.spi.StatementInspector;

import java.util.ArrayList;
import java.util.List;

/**
 * Hibernate's statement inspector in the test profile: records the SQL that Hibernate prepares (native queries
 * included) on a thread that asked for it, and nothing elsewhere, so scheduled jobs and consumers running beside a
 * test are not counted. A service names it in its test profile:
 * {@code %test.quarkus.hibernate-orm.unsupported-properties."hibernate.session_factory.statement_inspector"=gov.petitions.testing.SqlSeen}.
 */
public class SqlSeen implements StatementInspector {

    private static final ThreadLocal<List<String>> SEEN = new ThreadLocal<>();

    @Override
    public String inspect(String sql) {
        List<String> seen = SEEN.get();
        if (seen != null) {
            seen.add(sql);
        }
        return sql;
    }

    /** Runs {@code work} on this thread and returns the statements it prepared, in order. */
    public static List<String> during(Runnable work) {
        List<String> seen = new ArrayList<>();
        SEEN.set(seen);
        try {
            work.run();
        } finally {
            SEEN.remove();
        }
        return seen;
    }
}

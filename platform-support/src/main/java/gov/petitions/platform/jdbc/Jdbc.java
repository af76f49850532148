package gov.petitions.platform.jdbc;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Plain JDBC for the few tables a service reads and writes without Hibernate (intake's materials, supervision's case
 * documents: their bytes go in and out chunk by chunk): one statement, its parameters in order, on a connection of the
 * data source (within a transaction, the transaction's). The SQL stays the service's own; this only spares it the
 * statement's ceremony. A failure is an {@link IllegalStateException} that names what was being done.
 */
public final class Jdbc {

    /** Reads one row of a result. */
    public interface Row<T> {
        T read(ResultSet r) throws SQLException;
    }

    /** Work on one connection: several statements, or one a service prepares itself. */
    public interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private final DataSource dataSource;
    private final String what;

    /** @param what what the tables hold, for the failure's message ("petition materials") */
    public Jdbc(DataSource dataSource, String what) {
        this.dataSource = dataSource;
        this.what = what;
    }

    /** Runs an insert, update or delete and returns how many rows it touched. */
    public int update(String sql, Object... parameters) {
        return run(c -> update(c, sql, parameters));
    }

    /** The rows {@code sql} selects, each read by {@code row}. */
    public <T> List<T> query(String sql, Row<T> row, Object... parameters) {
        return run(c -> query(c, sql, row, parameters));
    }

    public <T> T run(Work<T> work) {
        try (Connection c = dataSource.getConnection()) {
            return work.run(c);
        } catch (SQLException e) {
            throw new IllegalStateException(what + ": " + e.getMessage(), e);
        }
    }

    /** {@link #update(String, Object...)} on a connection the caller holds. */
    public static int update(Connection c, String sql, Object... parameters) throws SQLException {
        try (PreparedStatement s = prepare(c, sql, parameters)) {
            return s.executeUpdate();
        }
    }

    /** {@link #query(String, Row, Object...)} on a connection the caller holds. */
    public static <T> List<T> query(Connection c, String sql, Row<T> row, Object... parameters) throws SQLException {
        try (PreparedStatement s = prepare(c, sql, parameters); ResultSet r = s.executeQuery()) {
            List<T> out = new ArrayList<>();
            while (r.next()) {
                out.add(row.read(r));
            }
            return out;
        }
    }

    /** An instant, or null, as JDBC's timestamp. */
    public static Instant instant(Timestamp at) {
        return at == null ? null : at.toInstant();
    }

    private static PreparedStatement prepare(Connection c, String sql, Object... parameters) throws SQLException {
        PreparedStatement s = c.prepareStatement(sql);
        try {
            for (int i = 0; i < parameters.length; i++) {
                Object p = parameters[i];
                // an Instant as a timestamp (the driver's own mapping of Instant is not there in every version)
                s.setObject(i + 1, p instanceof Instant at ? Timestamp.from(at) : p);
            }
            return s;
        } catch (SQLException | RuntimeException e) {
            s.close();
            throw e;
        }
    }
}

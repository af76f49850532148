import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/**
 * What ./petitions asks of psql, for a machine without it: runs the statements on standard input, one a line, each
 * on its own (autocommit, as psql does), and prints each row's columns joined by '|' (as psql -tA does). Stops at
 * the first failing statement with exit code 1.
 *
 * <pre>java -cp ".run/lib/postgres/*" infra/postgres/Sql.java JDBC_URL USER &lt; statements.sql</pre>
 * The password, if the server asks for one, comes from PGPASSWORD, as it does for psql; never from the command line.
 */
public class Sql {
    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: Sql JDBC_URL USER < statements");
            System.exit(2);
        }
        Properties login = new Properties();
        login.setProperty("user", args[1]);
        String password = System.getenv("PGPASSWORD");
        if (password != null) {
            login.setProperty("password", password);
        }
        login.setProperty("connectTimeout", "10");
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        try (Connection connection = DriverManager.getConnection(args[0], login)) {
            connection.setAutoCommit(true);
            String line;
            while ((line = in.readLine()) != null) {
                String sql = line.strip();
                if (sql.isEmpty() || sql.startsWith("--")) {
                    continue;
                }
                if (sql.endsWith(";")) {
                    sql = sql.substring(0, sql.length() - 1);
                }
                try (Statement statement = connection.createStatement()) {
                    if (statement.execute(sql)) {
                        print(statement.getResultSet());
                    }
                } catch (SQLException e) {
                    System.err.println("ERROR: " + e.getMessage());
                    System.exit(1);
                }
            }
        } catch (SQLException e) {
            System.err.println("cannot connect to " + args[0] + " as " + args[1] + ": " + e.getMessage());
            System.exit(1);
        }
    }

    private static void print(ResultSet rows) throws SQLException {
        int columns = rows.getMetaData().getColumnCount();
        StringBuilder out = new StringBuilder();
        while (rows.next()) {
            for (int i = 1; i <= columns; i++) {
                String value = rows.getString(i);
                out.append(i > 1 ? "|" : "").append(value == null ? "" : value);
            }
            out.append('\n');
        }
        System.out.print(out);
        System.out.flush();
    }
}

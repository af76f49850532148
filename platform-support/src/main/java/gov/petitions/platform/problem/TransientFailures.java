package gov.petitions.platform.problem;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;

/**
 * Whether a failure means "a dependency is down for now" (the database restarting, its pool exhausted, a connection
 * refused) rather than a defect: such a request is answered 503 with Retry-After, and such an event is retried for as
 * long as it takes instead of being given up to the dead-letter topic.
 */
public final class TransientFailures {

    private TransientFailures() {
    }

    public static boolean isUnavailable(Throwable failure) {
        return isUnavailable(failure, java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>()));
    }

    private static boolean isUnavailable(Throwable failure, java.util.Set<Throwable> seen) {
        for (Throwable t = failure; t != null && seen.add(t); t = t.getCause()) {
            // a commit the database broke off arrives as the transaction manager's RollbackException, with the
            // driver's error only among the suppressed exceptions (Narayana's XAException)
            for (Throwable suppressed : t.getSuppressed()) {
                if (isUnavailable(suppressed, seen)) {
                    return true;
                }
            }
            if (t instanceof SQLTransientConnectionException || t instanceof SQLNonTransientConnectionException
                    || t instanceof ConnectException) {
                return true;
            }
            if (t instanceof SQLException sql) {
                String state = sql.getSQLState();
                // class 08: connection exception; 57P01-57P03: admin shutdown, crash shutdown, cannot connect now
                if (state != null && (state.startsWith("08") || state.startsWith("57P0"))) {
                    return true;
                }
                String message = sql.getMessage();
                // Agroal: no connection within the pool's timeout ("Acquisition timeout", "Sorry, acquisition timeout!")
                if (message != null && message.toLowerCase(java.util.Locale.ROOT).contains("acquisition timeout")) {
                    return true;
                }
            }
            // Hibernate's wrapper, named rather than imported: not every service has Hibernate
            if (t.getClass().getSimpleName().equals("JDBCConnectionException")) {
                return true;
            }
        }
        return false;
    }
}

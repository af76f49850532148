package gov.petitions.platform.problem;

import org.junit.jupiter.api.Test;

import java.net.ConnectException;
import java.sql.SQLException;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TransientFailuresTest {

    /** Stands in for org.hibernate.exception.JDBCConnectionException, which this module does not depend on. */
    static class JDBCConnectionException extends RuntimeException {
        JDBCConnectionException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    @Test
    void aDatabaseThatIsDownOrOutOfConnectionsIsUnavailable() {
        assertTrue(TransientFailures.isUnavailable(new IllegalStateException("wrapped",
                new SQLException("Connection to 127.0.0.1:5432 refused", "08001"))));
        assertTrue(TransientFailures.isUnavailable(new RuntimeException(new SQLException("terminating connection due to administrator command", "57P01"))));
        assertTrue(TransientFailures.isUnavailable(new RuntimeException(new SQLException("Acquisition timeout while waiting for new connection"))));
        assertTrue(TransientFailures.isUnavailable(new RuntimeException(new SQLException("Sorry, acquisition timeout!"))));
        assertTrue(TransientFailures.isUnavailable(new JDBCConnectionException("Unable to acquire JDBC Connection", null)));
        assertTrue(TransientFailures.isUnavailable(new RuntimeException(new ConnectException("Connection refused"))));
    }

    @Test
    void aCommitTheDatabaseBrokeOffIsUnavailable() {
        // the shape seen in the fault run when PostgreSQL stopped during a commit: Narayana's RollbackException,
        // the driver's error only among the suppressed exceptions
        Exception rollback = new Exception("ARJUNA016053: Could not commit transaction.");
        rollback.addSuppressed(new Exception("Error trying to transactionCommit local transaction",
                new SQLException("FATAL: terminating connection due to administrator command", "57P01")));
        assertTrue(TransientFailures.isUnavailable(new RuntimeException("Error invoking subclass method", rollback)));

        Exception defect = new Exception("ARJUNA016053: Could not commit transaction.");
        defect.addSuppressed(new SQLException("duplicate key value", "23505"));
        assertFalse(TransientFailures.isUnavailable(new RuntimeException(defect)));
    }

    @Test
    void aFailureThatSuppressesItsOwnCauseIsWalkedOnce() {
        Exception outer = new Exception("outer");
        Exception inner = new Exception("inner", outer);
        outer.addSuppressed(inner);
        assertFalse(TransientFailures.isUnavailable(new RuntimeException(outer)));
    }

    @Test
    void defectsAndBadDataAreNot() {
        assertFalse(TransientFailures.isUnavailable(new IllegalStateException("bug")));
        assertFalse(TransientFailures.isUnavailable(new RuntimeException(new SQLException("duplicate key value", "23505"))));
        assertFalse(TransientFailures.isUnavailable(new NullPointerException()));
    }
}

package gov.petitions.platform.problem;

import io.vertx.core.http.StreamResetException;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.sql.SQLTransientConnectionException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the last-resort mapper answers: a client gone is 499 and no incident, a dependency down is 503, anything else
 * a 500 with an incident id.
 */
class ProblemMappersTest {

    private final ProblemMappers mappers = new ProblemMappers();

    @Test
    void aStreamTheClientResetWhileItsBodyWasReadIsNotAnIncident() {
        // as Quarkus REST wraps it when Jackson reads the body of a request whose HTTP/2 stream was cancelled
        Throwable reset = new IOException(new IOException(new StreamResetException(8)));
        Response response = mappers.unexpected(reset);
        assertEquals(499, response.getStatus());
        assertFalse(String.valueOf(response.getEntity()).contains("incident"));
    }

    @Test
    void aConnectionTheClientClosedIsNotAnIncidentEither() {
        assertEquals(499, mappers.unexpected(new RuntimeException(new ClosedChannelException())).getStatus());
        assertEquals(499, mappers.unexpected(new IOException("Connection reset by peer")).getStatus());
    }

    @Test
    void aDependencyDownIs503AndAnythingElseAnIncident() {
        assertEquals(503, mappers.unexpected(new SQLTransientConnectionException("pool")).getStatus());
        Response defect = mappers.unexpected(new IllegalStateException("a defect"));
        assertEquals(500, defect.getStatus());
        assertTrue(String.valueOf(defect.getEntity()).contains("incident"), String.valueOf(defect.getEntity()));
        assertFalse(ClientGone.is(new IOException("No space left on device")));
    }
}

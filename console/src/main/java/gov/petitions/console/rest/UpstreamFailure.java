package gov.petitions.console.rest;

import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;

import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.util.concurrent.CompletionException;

/**
 * The console's answer when a service gave none, the same through every proxy ({@link ApiProxy}, {@link ExportProxy},
 * {@link MaterialProxy}), as RFC 9457 problem+json: 502 when the service cannot be reached (refused, or no connection in
 * the connect time-out) or broke off, 504 when it took the connection and did not answer in time, 503 when the
 * console itself is stopping. A service's own answers, its problems included, are not failures: they pass unchanged.
 */
public final class UpstreamFailure {

    /** A logger of its own, not Quarkus's Log: the mapping is also exercised outside the application (unit tests). */
    private static final Logger LOG = Logger.getLogger(UpstreamFailure.class);

    private UpstreamFailure() {
    }

    /**
     * @param service the service's short name as the page knows it (intake, routing, supervision, notification)
     * @param failure what the HTTP client threw, or completed exceptionally with (a {@link CompletionException} is
     *                unwrapped); an {@link InterruptedException} sets the thread's interrupt flag again
     */
    public static Response answer(String service, String method, String path, Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause instanceof InterruptedException) {
            Thread.currentThread().interrupt();
            return Problems.of(503, "interrupted", "Interrupted", "The console is shutting down");
        }
        LOG.warnf("%s %s on %s-service failed: %s", method, path, service, cause.toString());
        // a connect time-out is a time-out too (HttpConnectTimeoutException extends HttpTimeoutException), but nothing
        // was sent: the service is unreachable, and the request was certainly not carried out
        if (cause instanceof HttpConnectTimeoutException || cause instanceof ConnectException) {
            return Problems.of(502, "service-unreachable", "Service unreachable",
                    "The " + service + " service does not answer; try again in a moment");
        }
        if (cause instanceof HttpTimeoutException) {
            return Problems.of(504, "service-timeout", "Service too slow",
                    "The " + service + " service did not answer in time; the request may or may not have been carried out. "
                            + "Check before repeating it (registrations with the same Idempotency-Key are safe to repeat).");
        }
        return Problems.of(502, "service-error", "Service error",
                "The " + service + " service could not be reached: " + cause.getClass().getSimpleName());
    }
}

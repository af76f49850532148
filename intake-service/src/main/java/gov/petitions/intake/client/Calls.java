package gov.petitions.intake.client;

import gov.petitions.platform.security.ServiceTokens;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** What intake's typed REST clients share: how they are built, and what counts as a failed call. */
final class Calls {

    /**
     * The longest any one attempt may take, whatever its HTTP time-outs (a body that trickles in keeps a read time-out
     * from firing): the ceiling of every {@code @Timeout}, and so the largest time-out an operator may configure.
     */
    static final Duration CEILING = Duration.ofSeconds(30);

    private Calls() {
    }

    /** A time-out setting within (0, {@link #CEILING}], or a start-up failure naming the key. */
    static Duration checkedTimeout(Duration timeout, String key) {
        if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(CEILING) > 0) {
            throw new IllegalStateException(key + " must be more than 0 and at most " + CEILING);
        }
        return timeout;
    }

    /**
     * A typed client of {@code base}: connect and read time-outs from the operator's setting, no redirects (a redirect
     * would carry a token or a secret wherever it points), answers as they are (no exception for 4xx and 5xx), and
     * intake's service token when {@code tokens} is given.
     */
    static <T> T build(Class<T> api, URI base, Duration timeout, ServiceTokens tokens) {
        QuarkusRestClientBuilder builder = QuarkusRestClientBuilder.newBuilder()
                .baseUri(base)
                .connectTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .readTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .followRedirects(false)
                .property("microprofile.rest.client.disableDefaultMapper", true);
        if (tokens != null) {
            builder.register(new ServiceTokenFilter(tokens));
        }
        return builder.build(api);
    }

    /**
     * The answer, whatever its status: the client's default mapper may throw 4xx and 5xx answers as
     * {@link WebApplicationException}s, which carry the answer all the same.
     */
    static Response answered(Supplier<Response> call) {
        try {
            return call.get();
        } catch (WebApplicationException e) {
            return e.getResponse();
        }
    }

    static Uni<Response> answered(Uni<Response> call) {
        return call.onFailure(WebApplicationException.class).recoverWithItem(e -> ((WebApplicationException) e).getResponse());
    }

    /**
     * A failure of the transport as fault tolerance should see it: an HTTP time-out becomes the same
     * {@link TimeoutException} as {@code @Timeout}'s (never retried), anything else a {@link Failed}.
     */
    static RuntimeException failure(String service, Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof TimeoutException timeout) {
                return timeout;
            }
            if (t.getClass().getSimpleName().contains("Timeout")) {
                return new TimeoutException(service + " did not answer in time");
            }
        }
        return new Failed(service + ": " + cause);
    }

    /** A call that failed for a reason of the other side or the network: counted by the circuit breaker. */
    static final class Failed extends RuntimeException {
        Failed(String message) {
            super(message, null, false, false);
        }
    }
}

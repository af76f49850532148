package gov.petitions.notification.client;

import gov.petitions.platform.security.ServiceTokens;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.client.ClientRequestFilter;
import jakarta.ws.rs.core.Response;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** What notification's typed REST clients share: how they are built, and what counts as a failed call. */
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
     * would carry a token, a phone number or a signature wherever it points), answers as they are (no exception for
     * 4xx and 5xx), with the given filters (notification's service token, {@link ServiceTokenFilter}).
     */
    static <T> T build(Class<T> api, URI base, Duration timeout, ClientRequestFilter... filters) {
        QuarkusRestClientBuilder builder = QuarkusRestClientBuilder.newBuilder()
                .baseUri(base)
                .connectTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .readTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .followRedirects(false)
                .property("microprofile.rest.client.disableDefaultMapper", true);
        for (ClientRequestFilter filter : filters) {
            builder.register(filter);
        }
        return builder.build(api);
    }

    /** The answer whatever its status, or the transport's failure as a {@link CallFailure} (never its text: it may echo the URL). */
    static Response answered(String service, Duration timeout, Supplier<Response> call) {
        try {
            return call.get();
        } catch (WebApplicationException e) {
            return e.getResponse();
        } catch (RuntimeException e) {
            throw failure(service, timeout, e);
        }
    }

    /**
     * A failure of the transport as fault tolerance should see it: a time-out becomes a {@link CallFailure.TimedOut}
     * (never retried: the other side may be busy with it), a missing service identity and anything else a
     * {@link CallFailure} naming only the kind of failure.
     */
    static CallFailure failure(String service, Duration timeout, Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof ServiceTokens.ServiceIdentityException identity) {
                return new CallFailure(identity.getMessage());
            }
            if (t.getClass().getSimpleName().contains("Timeout")) {
                return new CallFailure.TimedOut(service + " did not answer within " + timeout);
            }
        }
        Throwable root = cause;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return new CallFailure(service + " unreachable (" + root.getClass().getSimpleName() + ")");
    }
}

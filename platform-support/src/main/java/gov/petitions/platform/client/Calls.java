package gov.petitions.platform.client;

import gov.petitions.platform.security.ServiceTokens;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.client.ClientRequestFilter;
import jakarta.ws.rs.core.Response;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * What every typed REST client of the platform shares (intake's calls to routing, supervision and the challenge
 * provider; notification's to intake, supervision and the SMS gateway; insight's to its other replicas): how a client
 * is built, and what counts as a failed call ({@link CallFailure}). The guards themselves ({@code @Timeout},
 * {@code @Retry}, {@code @CircuitBreaker}) stay on each service's calls, which know what may be retried.
 *
 * <p>platform-support declares the REST client as an optional dependency: a service that calls out (and only such a
 * service) depends on {@code quarkus-rest-client-jackson} itself.
 */
public final class Calls {

    /**
     * The longest any one attempt may take, whatever its HTTP time-outs (a body that trickles in keeps a read time-out
     * from firing): the ceiling of every {@code @Timeout}, and so the largest time-out an operator may configure.
     */
    public static final Duration CEILING = Duration.ofSeconds(30);

    private Calls() {
    }

    /** A time-out setting within (0, {@link #CEILING}], or a start-up failure naming the key. */
    public static Duration checkedTimeout(Duration timeout, String key) {
        if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(CEILING) > 0) {
            throw new IllegalStateException(key + " must be more than 0 and at most " + CEILING);
        }
        return timeout;
    }

    /**
     * A typed client of {@code base}: connect and read time-outs from the operator's setting, no redirects (a redirect
     * would carry a token, a phone number or a secret wherever it points), answers as they are (no exception for 4xx
     * and 5xx), with the given filters (a service token: {@link ServiceTokenFilter}).
     */
    public static <T> T build(Class<T> api, URI base, Duration timeout, ClientRequestFilter... filters) {
        return build(api, base, timeout, timeout, filters);
    }

    /** The same with a connect time-out of its own (shorter, where a peer that is gone must be noticed soon). */
    public static <T> T build(Class<T> api, URI base, Duration connectTimeout, Duration readTimeout,
                              ClientRequestFilter... filters) {
        QuarkusRestClientBuilder builder = QuarkusRestClientBuilder.newBuilder()
                .baseUri(base)
                .connectTimeout(connectTimeout.toMillis(), TimeUnit.MILLISECONDS)
                .readTimeout(readTimeout.toMillis(), TimeUnit.MILLISECONDS)
                .followRedirects(false)
                .property("microprofile.rest.client.disableDefaultMapper", true);
        for (ClientRequestFilter filter : filters) {
            builder.register(filter);
        }
        return builder.build(api);
    }

    /**
     * The answer whatever its status (a 4xx or 5xx the client threw as a {@link WebApplicationException} carries it
     * all the same), or the transport's failure as a {@link CallFailure} ({@link #failure}).
     */
    public static Response answered(String service, Duration timeout, Supplier<Response> call) {
        try {
            return call.get();
        } catch (WebApplicationException e) {
            return e.getResponse();
        } catch (RuntimeException e) {
            throw failure(service, timeout, e);
        }
    }

    /** The same for a reactive call. */
    public static Uni<Response> answered(String service, Duration timeout, Uni<Response> call) {
        return call.onFailure().recoverWithUni(e -> e instanceof WebApplicationException answer
                ? Uni.createFrom().item(answer.getResponse())
                : Uni.createFrom().failure(failure(service, timeout, e)));
    }

    /**
     * A failure of the transport as fault tolerance should see it: a time-out becomes a {@link CallFailure.TimedOut}
     * (never retried: the other side may be busy with it), a missing service identity and anything else a
     * {@link CallFailure} naming only the kind of failure (never the transport's text: it may echo the URL).
     */
    public static CallFailure failure(String service, Duration timeout, Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof CallFailure failure) {
                return failure;
            }
            if (t instanceof ServiceTokens.ServiceIdentityException identity) {
                return new CallFailure("no service token for " + service + ": " + identity.getMessage());
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

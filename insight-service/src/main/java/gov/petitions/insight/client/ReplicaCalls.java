package gov.petitions.insight.client;

import gov.petitions.platform.client.Calls;
import gov.petitions.platform.client.CallFailure;
import io.smallrye.faulttolerance.api.CircuitBreakerName;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import org.apache.kafka.streams.state.HostInfo;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;

import java.net.URI;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The calls to the other replicas (interactive queries, and a rule change every replica must apply), guarded: each
 * attempt bounded by 2 s to connect and 5 s to read under a 6 s {@code @Timeout}; retried once after 200 ms when it
 * failed other than by a time-out (every call is idempotent: reads, and a PUT of the same thresholds); a circuit
 * breaker per kind of call (by name, for operators' metrics) that stops asking after half of the last four attempts
 * failed and asks again after 5 s, so a replica that died before the group noticed costs a staff member a quick 503
 * instead of a wait per request.
 *
 * <p>A failure ({@link CallFailure}, platform-support's {@link Calls}) is what says nothing about the answer:
 * unreachable, slow, a 5xx. Every other answer (200, 404, a
 * refusal of the caller's token) is an {@link Answer}, counted as a success.
 */
@ApplicationScoped
public class ReplicaCalls {

    /** What a replica answered: its status and body. */
    public record Answer(int status, String body) {
    }

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(5);

    private final Map<HostInfo, ReplicaApi> clients = new ConcurrentHashMap<>();

    @Timeout(value = 6, unit = ChronoUnit.SECONDS)
    @CircuitBreakerName("insight-replica-list")
    @CircuitBreaker(requestVolumeThreshold = 4, failureRatio = 0.5, delay = 5, delayUnit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 1, delay = 200, abortOn = {TimeoutException.class, CallFailure.TimedOut.class,
            CircuitBreakerOpenException.class})
    public Answer list(HostInfo host, String jurisdiction, String status, String token) {
        return answer(host, api -> api.list(jurisdiction, status, "true", bearer(token)));
    }

    @Timeout(value = 6, unit = ChronoUnit.SECONDS)
    @CircuitBreakerName("insight-replica-one")
    @CircuitBreaker(requestVolumeThreshold = 4, failureRatio = 0.5, delay = 5, delayUnit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 1, delay = 200, abortOn = {TimeoutException.class, CallFailure.TimedOut.class,
            CircuitBreakerOpenException.class})
    public Answer one(HostInfo host, String hotspotId, String token) {
        return answer(host, api -> api.one(hotspotId, "true", bearer(token)));
    }

    @Timeout(value = 6, unit = ChronoUnit.SECONDS)
    @CircuitBreakerName("insight-replica-series")
    @CircuitBreaker(requestVolumeThreshold = 4, failureRatio = 0.5, delay = 5, delayUnit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 1, delay = 200, abortOn = {TimeoutException.class, CallFailure.TimedOut.class,
            CircuitBreakerOpenException.class})
    public Answer series(HostInfo host, String place, String category, String target, String window, String from,
                         String to, String token) {
        return answer(host, api -> api.series(place, category, target, window, from, to, "true", bearer(token)));
    }

    /** Retried like the reads: the same thresholds applied twice are the same thresholds. */
    @Timeout(value = 6, unit = ChronoUnit.SECONDS)
    @CircuitBreakerName("insight-replica-rule")
    @CircuitBreaker(requestVolumeThreshold = 4, failureRatio = 0.5, delay = 5, delayUnit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 1, delay = 200, abortOn = {TimeoutException.class, CallFailure.TimedOut.class,
            CircuitBreakerOpenException.class})
    public Answer putRule(HostInfo host, String ruleChange, String token) {
        return answer(host, api -> api.putRule(ruleChange, "true", bearer(token)));
    }

    private Answer answer(HostInfo host, Function<ReplicaApi, Response> call) {
        String replica = "replica " + host;
        Response response;
        String text;
        try {
            response = Calls.answered(replica, READ_TIMEOUT, () -> call.apply(client(host)));
            text = response.hasEntity() ? response.readEntity(String.class) : "";
        } catch (RuntimeException e) {
            throw Calls.failure(replica, READ_TIMEOUT, e);
        }
        if (response.getStatus() >= 500) {
            throw new CallFailure(replica + " answered " + response.getStatus());
        }
        return new Answer(response.getStatus(), text);
    }

    /**
     * One client per replica, made when it is first asked: no redirects (they would carry the caller's token wherever
     * they point), answers as they are. Replicas come and go with the group; a handful of addresses over a lifetime.
     */
    private ReplicaApi client(HostInfo host) {
        return clients.computeIfAbsent(host, h -> Calls.build(ReplicaApi.class,
                URI.create("http://" + h.host() + ":" + h.port()), CONNECT_TIMEOUT, READ_TIMEOUT));
    }

    private static String bearer(String token) {
        return token == null ? null : "Bearer " + token;
    }
}

package gov.petitions.intake.client;

import gov.petitions.platform.client.ServiceTokenFilter;
import gov.petitions.platform.client.Calls;
import gov.petitions.platform.client.CallFailure;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import gov.petitions.intake.config.IntakeConfig;
import gov.petitions.platform.security.ServiceTokens;
import io.smallrye.faulttolerance.api.CircuitBreakerName;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;

import java.io.IOException;
import java.net.URI;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The calls to supervision-service, guarded: each attempt bounded by {@code intake.supervision.timeout} (connect and
 * read) under a 30 s {@code @Timeout} ceiling; a circuit breaker for each call (by name, for operators' metrics), opened when half of the last four
 * attempts failed and tried again after 5 s; the progress read, and only it, retried once after a failure that was
 * not a time-out. A failure is what says nothing about the case: unreachable, slow, 5xx, 401/403 (our token), an
 * answer that is not JSON. Every other answer (2xx, 404, supervision's refusals) is an {@link Answer}, counted as a
 * success.
 */
@ApplicationScoped
public class SupervisionCalls {

    /** An answer supervision gave about the case: its status and JSON body. */
    public record Answer(int status, JsonNode body) {
    }

    private static final String SERVICE = "supervision-service";

    private final Optional<SupervisionApi> api;
    private final ObjectMapper mapper;
    private final java.time.Duration timeout;

    public SupervisionCalls(IntakeConfig config, ServiceTokens tokens, ObjectMapper mapper) {
        this.mapper = mapper;
        this.timeout = Calls.checkedTimeout(config.supervision().timeout(), "intake.supervision.timeout");
        this.api = config.supervision().url().map(String::strip).filter(u -> !u.isEmpty())
                .filter(u -> tokens.configured())
                .map(u -> Calls.build(SupervisionApi.class, URI.create(u), timeout, new ServiceTokenFilter(tokens)));
    }

    /** A URL and a service identity: without either, status look-ups show the registration only. */
    public boolean configured() {
        return api.isPresent();
    }

    @Timeout(value = 30, unit = ChronoUnit.SECONDS)
    @CircuitBreakerName("supervision-progress")
    @CircuitBreaker(requestVolumeThreshold = 4, failureRatio = 0.5, delay = 5, delayUnit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 1, delay = 200, abortOn = {TimeoutException.class, CallFailure.TimedOut.class,
            CircuitBreakerOpenException.class})
    public Answer progress(UUID petitionId) {
        return answer(() -> api.orElseThrow().progress(petitionId));
    }

    /** Not retried: an evaluation or a review request is not idempotent. */
    @Timeout(value = 30, unit = ChronoUnit.SECONDS)
    @CircuitBreakerName("supervision-actions")
    @CircuitBreaker(requestVolumeThreshold = 4, failureRatio = 0.5, delay = 5, delayUnit = ChronoUnit.SECONDS)
    public Answer act(UUID petitionId, String action, Map<String, Object> body) {
        return answer(() -> api.orElseThrow().act(petitionId, action, body));
    }

    private Answer answer(Supplier<Response> call) {
        Response response;
        String text;
        try {
            response = Calls.answered(SERVICE, timeout, call);
            text = response.readEntity(String.class);
        } catch (RuntimeException e) {
            // no service token, unreachable, slow: Calls says which, never with what was asked
            throw Calls.failure(SERVICE, timeout, e);
        }
        int status = response.getStatus();
        boolean aboutTheCase = (status >= 200 && status < 300) || (status >= 400 && status < 500 && status != 401 && status != 403);
        if (!aboutTheCase) {
            throw new CallFailure(SERVICE + " answered " + status);
        }
        try {
            JsonNode body = text == null || text.isEmpty() ? mapper.nullNode() : mapper.readTree(text);
            return new Answer(status, body);
        } catch (IOException e) {
            throw new CallFailure(SERVICE + " answered " + status + " with a body that is not JSON");
        }
    }
}

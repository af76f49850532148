package gov.petitions.notification.client;

import gov.petitions.platform.client.ServiceTokenFilter;
import gov.petitions.platform.client.Calls;
import gov.petitions.platform.client.CallFailure;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import gov.petitions.notification.config.NotificationConfig;
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
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * The call to supervision's written decisions, guarded like {@link IntakeCalls}: bounded by
 * {@code notification.supervision.timeout} under a 30 s ceiling, a circuit breaker ("supervision-decision"), one
 * retry of a failure that was not a time-out. "No such decision" (404) is a {@link CallFailure.Refused}: an answer
 * about the case, neither counted against supervision nor retried.
 */
@ApplicationScoped
public class SupervisionCalls {

    /** What supervision answers; its text is never logged. */
    public record Decision(String petitionId, String trackingNumber, String status, String text, String unitCode,
                           OffsetDateTime decidedAt) {
    }

    private final Optional<SupervisionApi> api;
    private final Duration timeout;
    private final ObjectMapper mapper;

    public SupervisionCalls(NotificationConfig config, ServiceTokens tokens, ObjectMapper mapper) {
        this.timeout = Calls.checkedTimeout(config.supervision().timeout(), "notification.supervision.timeout");
        this.mapper = mapper.copy().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        this.api = config.supervision().url().map(url -> Calls.build(SupervisionApi.class, url, timeout, new ServiceTokenFilter(tokens)));
    }

    public boolean configured() {
        return api.isPresent();
    }

    @Timeout(value = 30, unit = ChronoUnit.SECONDS)
    @CircuitBreakerName("supervision-decision")
    @CircuitBreaker(requestVolumeThreshold = 20, failureRatio = 0.75, delay = 5, delayUnit = ChronoUnit.SECONDS,
            skipOn = CallFailure.Refused.class)
    @Retry(maxRetries = 1, delay = 200, jitter = 0, abortOn = {CallFailure.TimedOut.class, CallFailure.Refused.class,
            TimeoutException.class, CircuitBreakerOpenException.class})
    public Decision writtenDecision(String petitionId, String status) {
        SupervisionApi supervision = api.orElseThrow(() -> new CallFailure(
                "no supervision URL configured (notification.supervision.url): the decision's text is unknown"));
        Response response = Calls.answered("supervision", timeout, () -> supervision.writtenDecision(petitionId, status));
        try (response) {
            if (response.getStatus() == 404) {
                throw new CallFailure.Refused("supervision has no " + status + " decision for this petition (HTTP 404)");
            }
            if (response.getStatus() != 200) {
                // the body is not quoted: a problem detail could echo what was asked
                throw new CallFailure("supervision answered HTTP " + response.getStatus());
            }
            return mapper.readValue(response.readEntity(byte[].class), Decision.class);
        } catch (IOException | RuntimeException e) {
            if (e instanceof CallFailure || e instanceof CallFailure.Refused) {
                throw (RuntimeException) e;
            }
            throw new CallFailure("supervision's answer is not a decision");
        }
    }
}

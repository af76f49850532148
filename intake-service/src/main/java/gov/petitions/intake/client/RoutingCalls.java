package gov.petitions.intake.client;

import gov.petitions.platform.client.Calls;
import gov.petitions.platform.client.CallFailure;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import gov.petitions.intake.config.IntakeConfig;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Fallback;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;

import java.io.IOException;
import java.net.URI;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * The look-up in routing's unit directory, guarded: each attempt bounded by {@code intake.routing.timeout} (connect
 * and read) under a 30 s {@code @Timeout} ceiling, retried once after a failure that was not a time-out (a GET), a
 * circuit breaker that stops asking after half of the last four attempts failed and asks again after 5 s. Whatever
 * fails answers empty ({@code @Fallback}): the caller cannot resolve the name and says so (fail closed).
 */
@ApplicationScoped
public class RoutingCalls {

    private static final String SERVICE = "routing's unit directory";

    private final Optional<RoutingApi> api;
    private final ObjectMapper mapper;
    private final java.time.Duration timeout;

    public RoutingCalls(IntakeConfig config, ObjectMapper mapper) {
        this.mapper = mapper;
        this.timeout = Calls.checkedTimeout(config.routing().timeout(), "intake.routing.timeout");
        this.api = config.routing().url().map(String::strip).filter(u -> !u.isEmpty())
                .map(u -> Calls.build(RoutingApi.class, URI.create(u), timeout));
    }

    public boolean configured() {
        return api.isPresent();
    }

    /** routing's answer for a division: a JSON list (empty when routing knows no such division), or empty. */
    @Timeout(value = 30, unit = ChronoUnit.SECONDS)
    @CircuitBreaker(requestVolumeThreshold = 4, failureRatio = 0.5, delay = 5, delayUnit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 1, delay = 100, abortOn = {TimeoutException.class, CallFailure.TimedOut.class,
            CircuitBreakerOpenException.class})
    @Fallback(fallbackMethod = "unanswered")
    public Optional<JsonNode> unitsOf(String divisionCode) {
        Response response;
        String text;
        try {
            response = Calls.answered(SERVICE, timeout, () -> api.orElseThrow().unitsOf(divisionCode));
            text = response.readEntity(String.class);
        } catch (RuntimeException e) {
            throw Calls.failure(SERVICE, timeout, e);
        }
        if (response.getStatus() == 404) {
            return Optional.of(mapper.createArrayNode()); // routing knows no such division: nothing to match
        }
        if (response.getStatus() != 200) {
            throw new CallFailure("routing's unit directory answered HTTP " + response.getStatus());
        }
        try {
            JsonNode body = mapper.readTree(text);
            if (body == null || !body.isArray()) {
                throw new CallFailure("routing's unit directory answered something other than a list");
            }
            return Optional.of(body);
        } catch (IOException e) {
            throw new CallFailure("routing's unit directory answered something other than JSON");
        }
    }

    Optional<JsonNode> unanswered(String divisionCode, Throwable failure) {
        Log.warnf("routing's unit directory did not answer for %s: %s", divisionCode, failure.toString());
        return Optional.empty();
    }
}

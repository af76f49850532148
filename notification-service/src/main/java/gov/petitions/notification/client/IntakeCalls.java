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
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * The call to intake's contact endpoint, guarded: each attempt bounded by {@code notification.intake.timeout}
 * (connect and read) under a 30 s {@code @Timeout} ceiling; a circuit breaker ("intake-contact") opened when three
 * quarters of the last twenty attempts failed, tried again after 5 s; retried once after a failure that was not a time-out (a read, audited by
 * intake each time). Every failure is a {@link CallFailure}; the answer lives only on the caller's stack.
 */
@ApplicationScoped
public class IntakeCalls {

    /** What intake answers: never stored, cached or logged. */
    public record Contact(String name, String phone, String email, String address) {
    }

    private final Optional<IntakeApi> api;
    private final Duration timeout;
    private final ObjectMapper mapper;

    public IntakeCalls(NotificationConfig config, ServiceTokens tokens, ObjectMapper mapper) {
        this.timeout = Calls.checkedTimeout(config.intake().timeout(), "notification.intake.timeout");
        this.mapper = mapper.copy().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        this.api = config.intake().url().map(url -> Calls.build(IntakeApi.class, url, timeout, new ServiceTokenFilter(tokens)));
    }

    public boolean configured() {
        return api.isPresent();
    }

    @Timeout(value = 30, unit = ChronoUnit.SECONDS)
    @CircuitBreakerName("intake-contact")
    @CircuitBreaker(requestVolumeThreshold = 20, failureRatio = 0.75, delay = 5, delayUnit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 1, delay = 200, jitter = 0, abortOn = {CallFailure.TimedOut.class, TimeoutException.class,
            CircuitBreakerOpenException.class})
    public Contact contact(String petitionerRef, String petitionId, String purpose) {
        IntakeApi intake = api.orElseThrow(() -> new CallFailure("no intake URL configured for contact look-ups"));
        Response response = Calls.answered("intake", timeout, () -> intake.contact(petitionerRef, purpose, petitionId));
        try (response) {
            if (response.getStatus() != 200) {
                // the body is not quoted: a problem detail could echo what was asked
                throw new CallFailure("intake answered HTTP " + response.getStatus());
            }
            return mapper.readValue(response.readEntity(byte[].class), Contact.class);
        } catch (IOException | RuntimeException e) {
            if (e instanceof CallFailure failure) {
                throw failure;
            }
            throw new CallFailure("intake's answer is not a contact");
        }
    }
}

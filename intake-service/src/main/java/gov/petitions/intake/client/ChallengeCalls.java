package gov.petitions.intake.client;

import gov.petitions.platform.client.Calls;
import gov.petitions.platform.client.CallFailure;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import gov.petitions.intake.client.ChallengeVerifier.Outcome;
import gov.petitions.intake.config.IntakeConfig;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Fallback;
import org.eclipse.microprofile.faulttolerance.Timeout;

import java.io.IOException;
import java.net.URI;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.Set;

/**
 * The call to the challenge provider, guarded: bounded by {@code intake.challenge.timeout} (connect and read) under a
 * 30 s {@code @Timeout} ceiling; a circuit breaker that stops asking after half of the last four calls failed and asks
 * again after 5 s; never retried (a token is good for one verification). Whatever fails is
 * {@link Outcome#UNAVAILABLE} ({@code @Fallback}): a submission waits no longer than that, and is never registered
 * without verification.
 */
@ApplicationScoped
public class ChallengeCalls {

    /** Error codes meaning the fault is ours (the secret) or the provider's, not the petitioner's. */
    private static final Set<String> NOT_THE_CALLERS = Set.of("missing-input-secret", "invalid-input-secret",
            "internal-error", "bad-request", "sitekey-secret-mismatch");

    private static final String SERVICE = "the challenge verifier";

    private final Optional<ChallengeApi> api;
    private final ObjectMapper mapper;
    private final java.time.Duration timeout;

    public ChallengeCalls(IntakeConfig config, ObjectMapper mapper) {
        this.mapper = mapper;
        IntakeConfig.Challenge challenge = config.challenge();
        this.timeout = Calls.checkedTimeout(challenge.timeout(), "intake.challenge.timeout");
        this.api = challenge.verifyUrl().map(String::strip).filter(u -> !u.isEmpty())
                .map(ChallengeVerifier::checkedUrl)
                .map(u -> Calls.build(ChallengeApi.class, u, timeout));
    }

    @Timeout(value = 30, unit = ChronoUnit.SECONDS)
    @CircuitBreaker(requestVolumeThreshold = 4, failureRatio = 0.5, delay = 5, delayUnit = ChronoUnit.SECONDS)
    @Fallback(fallbackMethod = "unavailable")
    public Uni<Outcome> verify(String form) {
        return Calls.answered(SERVICE, timeout, api.orElseThrow().verify(form))
                .map(this::outcomeOf);
    }

    Uni<Outcome> unavailable(String form, Throwable failure) {
        Log.warnf("The challenge verifier did not answer: %s", failure.toString());
        return Uni.createFrom().item(Outcome.UNAVAILABLE);
    }

    /** PASSED or FAILED as the provider said; UNAVAILABLE when it refused our own request. Anything else fails. */
    private Outcome outcomeOf(Response response) {
        if (response.getStatus() != 200) {
            throw new CallFailure(SERVICE + " answered HTTP " + response.getStatus());
        }
        JsonNode body;
        try {
            body = mapper.readTree(response.readEntity(String.class));
        } catch (IOException | RuntimeException e) {
            throw new CallFailure(SERVICE + "'s answer is not JSON");
        }
        if (body == null || !body.isObject() || !body.path("success").isBoolean()) {
            throw new CallFailure(SERVICE + "'s answer has no boolean success");
        }
        if (body.path("success").booleanValue()) {
            return Outcome.PASSED;
        }
        for (JsonNode code : body.path("error-codes")) {
            if (NOT_THE_CALLERS.contains(code.asText())) {
                // the citizen cannot fix this: the operator must (a wrong secret) or the provider will (its error)
                Log.errorf("The challenge verifier refused the request itself (%s): check intake.challenge.secret",
                        code.asText().replaceAll("[^a-z-]", ""));
                return Outcome.UNAVAILABLE;
            }
        }
        return Outcome.FAILED;
    }
}

package gov.petitions.supervision.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import gov.petitions.platform.client.CallFailure;
import gov.petitions.platform.client.Calls;
import gov.petitions.platform.client.ServiceTokenFilter;
import gov.petitions.platform.security.ServiceTokens;
import gov.petitions.supervision.config.RetentionPeriods;
import io.smallrye.faulttolerance.api.CircuitBreakerName;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;

/**
 * The retention job's calls to intake, guarded: each attempt bounded by {@code supervision.retention.intake.timeout}
 * under the platform's 30 s ceiling, a circuit breaker per endpoint ("intake-archive", "intake-archive-material") and one retry after a failure that was not a
 * time-out (both reads are idempotent). Every failure is a {@link CallFailure}: the job leaves the case pending and the
 * next run tries again; {@link Unknown} (404) means intake has no such petition.
 */
@ApplicationScoped
public class IntakeArchive {

    /** intake does not know the petition or the material (404): retrying will not help. */
    public static class Unknown extends RuntimeException {
        public Unknown(String message) {
            super(message);
        }
    }

    private final Optional<IntakeArchiveApi> api;
    private final Duration timeout;
    private final ObjectMapper mapper;

    public IntakeArchive(RetentionPeriods config, ServiceTokens tokens, ObjectMapper mapper) {
        this.timeout = Calls.checkedTimeout(config.intake().timeout(), "supervision.retention.intake.timeout");
        this.mapper = mapper;
        this.api = config.intake().url().map(url -> Calls.build(IntakeArchiveApi.class, url, timeout,
                new ServiceTokenFilter(tokens)));
    }

    /** The petition's archive view: a JSON object with at least {@code petition} and {@code materials}. */
    @Timeout(value = 30, unit = ChronoUnit.SECONDS)
    @CircuitBreakerName("intake-archive")
    // a 404 is intake's answer, not its failure: petitions it does not know must not open the breaker for the rest
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.75, delay = 5, delayUnit = ChronoUnit.SECONDS,
            skipOn = Unknown.class)
    @Retry(maxRetries = 1, delay = 200, jitter = 0, abortOn = {CallFailure.TimedOut.class, TimeoutException.class,
            CircuitBreakerOpenException.class, Unknown.class})
    public JsonNode petition(UUID petitionId) {
        IntakeArchiveApi intake = api.orElseThrow(() -> new CallFailure("no intake URL configured (supervision.retention.intake.url)"));
        Response response = Calls.answered("intake", timeout, () -> intake.petition(petitionId.toString()));
        try (response) {
            check(response, "petition");
            JsonNode body = mapper.readTree(response.readEntity(InputStream.class));
            if (body == null || !body.isObject() || !body.has("petition") || !body.path("materials").isArray()) {
                throw new CallFailure("intake's answer is not a petition's archive view");
            }
            return body;
        } catch (IOException e) {
            throw new CallFailure("intake's answer is not JSON");
        }
    }

    /**
     * Copies a material's bytes to {@code out} as they come (never the whole file in memory); no retry here: the
     * caller's archive entry would hold a half-written copy, so the whole case is tried again instead.
     */
    @Timeout(value = 30, unit = ChronoUnit.SECONDS)
    @CircuitBreakerName("intake-archive-material")
    // a 404 is intake's answer, not its failure: petitions it does not know must not open the breaker for the rest
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.75, delay = 5, delayUnit = ChronoUnit.SECONDS,
            skipOn = Unknown.class)
    public long material(UUID petitionId, String materialId, OutputStream out) {
        IntakeArchiveApi intake = api.orElseThrow(() -> new CallFailure("no intake URL configured (supervision.retention.intake.url)"));
        Response response = Calls.answered("intake", timeout, () -> intake.material(petitionId.toString(), materialId));
        try (response) {
            check(response, "material");
            try (InputStream in = response.readEntity(InputStream.class)) {
                return in.transferTo(out);
            }
        } catch (IOException e) {
            throw new CallFailure("intake's material could not be read (" + e.getClass().getSimpleName() + ")");
        }
    }

    /**
     * How alike the candidates' descriptions are to the petition's (0-1), as intake judges repeats; empty when intake
     * cannot say now (unconfigured, unreachable, refusing): a suggestion is a hint, and goes without it. Candidates
     * intake does not hold are left out.
     */
    @Timeout(value = 5, unit = ChronoUnit.SECONDS)
    @CircuitBreakerName("intake-similarity")
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.75, delay = 5, delayUnit = ChronoUnit.SECONDS)
    @org.eclipse.microprofile.faulttolerance.Fallback(fallbackMethod = "noSimilarity")
    public java.util.Map<UUID, Double> similarity(UUID petitionId, java.util.List<UUID> candidates) {
        if (candidates.isEmpty()) {
            return java.util.Map.of();
        }
        IntakeArchiveApi intake = api.orElseThrow(() -> new CallFailure("no intake URL configured (supervision.retention.intake.url)"));
        String question;
        try {
            question = mapper.writeValueAsString(java.util.Map.of("petitionId", petitionId, "candidates", candidates));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        Response response = Calls.answered("intake", timeout, () -> intake.similarity(question));
        try (response) {
            check(response, "petition");
            JsonNode scores = mapper.readTree(response.readEntity(InputStream.class)).path("scores");
            java.util.Map<UUID, Double> out = new java.util.HashMap<>();
            scores.fields().forEachRemaining(e -> out.put(UUID.fromString(e.getKey()), e.getValue().asDouble()));
            return out;
        } catch (IOException | IllegalArgumentException e) {
            throw new CallFailure("intake's similarity answer is not what it should be");
        }
    }

    java.util.Map<UUID, Double> noSimilarity(UUID petitionId, java.util.List<UUID> candidates) {
        return java.util.Map.of();
    }

    private static void check(Response response, String what) {
        if (response.getStatus() == 404) {
            throw new Unknown("intake does not know the " + what + " (HTTP 404)");
        }
        if (response.getStatus() != 200) {
            // the body is not quoted: a problem detail could echo what was asked
            throw new CallFailure("intake answered HTTP " + response.getStatus() + " for the " + what);
        }
    }
}

package gov.petitions.intake.client;

import gov.petitions.platform.client.CallFailure;
import com.fasterxml.jackson.databind.JsonNode;
import gov.petitions.platform.problem.Problem;
import gov.petitions.platform.problem.ProblemException;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.faulttolerance.exceptions.FaultToleranceException;

import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The petitioner's door to their case in supervision-service. Intake has checked the tracking number and query code;
 * it calls supervision's internal endpoints ({@link SupervisionApi}) with its own short-lived service identity, and
 * passes supervision's refusals (a closed review window, a final matter) on as they are. When supervision cannot say
 * (unreachable, slow, failing, or its circuit open: {@link SupervisionCalls}) the answer is 503 tracking-unavailable
 * with Retry-After; the petition itself is safe.
 */
@ApplicationScoped
public class SupervisionClient {

    private final SupervisionCalls calls;

    public SupervisionClient(SupervisionCalls calls) {
        this.calls = calls;
    }

    public boolean configured() {
        return calls.configured();
    }

    /** The progress, or empty if the case is not in the ledger yet (or supervision is not configured). */
    public Optional<JsonNode> progress(UUID petitionId) {
        if (!configured()) {
            return Optional.empty();
        }
        SupervisionCalls.Answer answer = guarded(() -> calls.progress(petitionId));
        return answer.status() == 404 ? Optional.empty() : Optional.of(bodyOrRefusal(answer));
    }

    public JsonNode post(UUID petitionId, String action, Map<String, Object> body) {
        if (!configured()) {
            throw unavailable();
        }
        return bodyOrRefusal(guarded(() -> calls.act(petitionId, action, body)));
    }

    private static SupervisionCalls.Answer guarded(Supplier<SupervisionCalls.Answer> call) {
        try {
            return call.get();
        } catch (CallFailure | FaultToleranceException e) {
            Log.warnf("supervision-service unavailable: %s", e.toString());
            throw unavailable();
        }
    }

    private static JsonNode bodyOrRefusal(SupervisionCalls.Answer answer) {
        if (answer.status() >= 200 && answer.status() < 300) {
            return answer.body();
        }
        // the petitioner's own mistake or a rule (window closed, final): theirs to read
        JsonNode node = answer.body();
        throw new ProblemException(new Problem(URI.create(node.path("type").asText("about:blank")),
                node.path("title").asText("Refused"), answer.status(), node.path("detail").asText(null), null, null));
    }

    private static UnavailableException unavailable() {
        return new UnavailableException(Problem.of("tracking-unavailable", "Case tracking is unavailable", 503,
                "Your petition is safely registered; its progress cannot be shown right now, please try again later"));
    }
}

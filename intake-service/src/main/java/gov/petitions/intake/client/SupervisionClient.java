package gov.petitions.intake.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import gov.petitions.intake.config.IntakeConfig;
import gov.petitions.platform.problem.Problem;
import gov.petitions.platform.problem.ProblemException;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;

import gov.petitions.platform.security.ServiceTokens;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The petitioner's door to their case in supervision-service. Intake has checked the tracking
 * number and query code; it calls supervision's internal endpoints with its own short-lived service identity, and
 * passes supervision's refusals (a closed review window, a final matter) on as they are.
 */
@ApplicationScoped
public class SupervisionClient {

    private final IntakeConfig.Supervision config;
    private final ObjectMapper mapper;
    private final HttpClient http;

    private final ServiceTokens serviceTokens;

    public SupervisionClient(IntakeConfig config, ObjectMapper mapper, ServiceTokens serviceTokens) {
        this.serviceTokens = serviceTokens;
        this.config = config.supervision();
        this.mapper = mapper;
        this.http = HttpClient.newBuilder().connectTimeout(this.config.timeout()).build();
    }

    public boolean configured() {
        return config.url().isPresent() && serviceTokens.configured();
    }

    /** The progress, or empty if the case is not in the ledger yet (or supervision is not configured). */
    public Optional<JsonNode> progress(UUID petitionId) {
        if (!configured()) {
            return Optional.empty();
        }
        HttpResponse<String> response = send(request(petitionId, "progress").GET().build());
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        return Optional.of(body(response));
    }

    public JsonNode post(UUID petitionId, String action, Map<String, Object> body) {
        if (!configured()) {
            throw unavailable();
        }
        try {
            HttpResponse<String> response = send(request(petitionId, action)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(mapper.writeValueAsString(body))).build());
            return body(response);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private HttpRequest.Builder request(UUID petitionId, String action) {
        return HttpRequest.newBuilder(URI.create(config.url().orElseThrow() + "/internal/cases/" + petitionId + "/" + action))
                .timeout(config.timeout())
                .header("Authorization", "Bearer " + bearer())
                .header("Accept", "application/json");
    }

    /** intake's own five-minute identity (client credentials, or the local issuer's key on one machine). */
    private String bearer() {
        try {
            return serviceTokens.bearer();
        } catch (ServiceTokens.ServiceIdentityException e) {
            Log.warnf("no service token for supervision-service: %s", e.getMessage());
            throw unavailable();
        }
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            Log.warnf("supervision-service unreachable: %s", e.toString());
            throw unavailable();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable();
        }
    }

    private JsonNode body(HttpResponse<String> response) {
        try {
            JsonNode node = mapper.readTree(response.body());
            int status = response.statusCode();
            if (status >= 200 && status < 300) {
                return node;
            }
            if (status >= 400 && status < 500 && status != 401 && status != 403) {
                // the petitioner's own mistake or a rule (window closed, final): theirs to read
                throw new ProblemException(new Problem(URI.create(node.path("type").asText("about:blank")),
                        node.path("title").asText("Refused"), status, node.path("detail").asText(null), null, null));
            }
            Log.warnf("supervision-service answered %d", status);
            throw unavailable();
        } catch (IOException e) {
            throw unavailable();
        }
    }

    private static ProblemException unavailable() {
        return new ProblemException(Problem.of("tracking-unavailable", "Case tracking is unavailable", 503,
                "Your petition is safely registered; its progress cannot be shown right now, please try again later"));
    }
}

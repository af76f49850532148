package gov.petitions.intake.rest;

import gov.petitions.intake.client.ChallengeVerifier;
import gov.petitions.intake.service.AbuseLimits;
import gov.petitions.platform.problem.Problem;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.lang.reflect.Method;

/**
 * The human-verification challenge on anonymous submissions ({@link HumanChallenge}), when configured. It runs after
 * the per-client bucket ({@link PublicAbuseFilter}, so a flood does not reach the provider) and before the body is
 * read or validated, the Idempotency-Key looked at, or the per-phone allowance counted: a refused request leaves
 * nothing behind. No token or a refused one is 403; a verifier that cannot say is 503 with Retry-After, never a
 * registration without verification.
 */
public class PublicChallengeFilter {

    static final String RETRY_AFTER_SECONDS = "5";

    private final ChallengeVerifier verifier;
    private final AbuseLimits limits;

    public PublicChallengeFilter(ChallengeVerifier verifier, AbuseLimits limits) {
        this.verifier = verifier;
        this.limits = limits;
    }

    @ServerRequestFilter(priority = Priorities.USER + 100)
    public Uni<Response> requireChallenge(ContainerRequestContext request, ResourceInfo resource, HttpServerRequest http) {
        if (!verifier.enabled() || !guarded(resource)) {
            return Uni.createFrom().nullItem();
        }
        String token = request.getHeaderString(ChallengeVerifier.HEADER);
        if (!ChallengeVerifier.wellFormed(token)) {
            return Uni.createFrom().item(failed());
        }
        String remoteIp = PublicAbuseFilter.remoteAddress(http, limits.trustForwardedFor());
        return verifier.verify(token, remoteIp).map(outcome -> switch (outcome) {
            case PASSED -> null;
            case FAILED -> failed();
            case UNAVAILABLE -> unavailable();
        });
    }

    private boolean guarded(ResourceInfo resource) {
        Method method = resource == null ? null : resource.getResourceMethod();
        HumanChallenge challenge = method == null ? null : method.getAnnotation(HumanChallenge.class);
        return challenge != null && (!challenge.followUp() || verifier.followUps());
    }

    private static Response failed() {
        return Problem.of("challenge-failed", "Human verification failed", 403,
                "Complete the verification on the form (its token goes in the " + ChallengeVerifier.HEADER
                        + " header) and submit again; nothing was submitted").toResponse();
    }

    private static Response unavailable() {
        return Response.fromResponse(Problem.of("challenge-unavailable", "Human verification is unavailable", 503,
                        "The verification could not be checked right now; nothing was submitted, please submit again shortly")
                .toResponse()).header("Retry-After", RETRY_AFTER_SECONDS).build();
    }
}

package gov.petitions.intake.rest;

import gov.petitions.intake.Channel;
import gov.petitions.intake.Petition;
import gov.petitions.intake.rest.PetitionRequests.OnlinePetition;
import gov.petitions.intake.rest.PetitionRequests.StatusLookup;
import gov.petitions.intake.rest.PetitionViews.PublicStatus;
import gov.petitions.intake.service.AbuseLimits;
import gov.petitions.intake.service.NewPetition;
import gov.petitions.intake.service.PetitionArchiving;
import gov.petitions.intake.service.PetitionRegistration;
import gov.petitions.platform.problem.ProblemException;
import com.fasterxml.jackson.databind.JsonNode;
import gov.petitions.intake.client.SupervisionClient;
import jakarta.annotation.security.PermitAll;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.HeaderParam;
import gov.petitions.intake.service.IdempotencyKeys;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import gov.petitions.intake.client.ChallengeVerifier;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.HashMap;
import java.util.Map;

/** What citizens reach without an account. */
@Path("/public")
@PermitAll
@Tag(name = "Public")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class PublicPetitionResource {

    /** The status a tracking-number query answers for an archived case (信访档案). */
    static final String ARCHIVED = "ARCHIVED";

    private final PetitionRegistration registration;
    private final SupervisionClient supervision;
    private final AbuseLimits limits;

    public PublicPetitionResource(PetitionRegistration registration, SupervisionClient supervision, AbuseLimits limits) {
        this.registration = registration;
        this.supervision = supervision;
        this.limits = limits;
    }

    @POST
    @Path("petitions")
    @HumanChallenge
    @Parameter(in = ParameterIn.HEADER, name = ChallengeVerifier.HEADER, required = false,
            description = "The human-verification widget's token; required when intake.challenge.verify-url is set")
    @Operation(summary = "Submit a petition online (网上信访), no login; an Idempotency-Key makes retries safe",
            description = "A group petition (集体访) gives personCount (the persons it speaks for, 1–10000) and names at "
                    + "most 5 representatives (name and resident ID number, optionally a phone), like a group at the desk: "
                    + "one batch, personCount person-times. Six or more representatives, or fewer persons than "
                    + "representatives, is a 400.")
    public Response submit(@Valid @NotNull OnlinePetition body, @HeaderParam(IdempotencyKeys.HEADER) String idempotencyKey) {
        IdempotencyKeys.checkFormat(idempotencyKey);
        // written together with other concurrent registrations, answered after the shared commit (issue #20)
        PetitionRegistration.Receipt receipt = registration.registerShared(
                IdempotentResponses.scope(null, "POST /public/petitions"), idempotencyKey, body,
                NewPetition.of(Channel.ONLINE,
                                PetitionInputs.matter(body.categoryCode(), body.locationCode(), body.summary(), body.content()),
                                PetitionInputs.person(body.petitioner()), "online")
                        .speakingFor(PetitionInputs.group(body.personCount(), body.representatives()))
                        .accusing(PetitionInputs.accused(body.accused())),
                // each online petition sends an SMS to the number it gives: a daily allowance per number, counted in
                // the registration's transaction (a registration that fails is not counted)
                () -> limits.onlineSubmission(body.petitioner().phone()));
        return IdempotentResponses.receipt(receipt, null);
    }

    /** A POST so that the query code never sits in a URL, a proxy log or a browser history. */
    @POST
    @Path("status-lookups")
    @Operation(summary = "Look up a petition's status and steps with its tracking number and query code")
    public PublicStatus lookUp(@Valid @NotNull StatusLookup body) {
        Petition p = verified(body.trackingNumber(), body.queryCode());
        if (p.archived()) {
            // supervision has removed the case's steps too: the answer is that the case is archived, and when
            return PublicStatus.of(p, ARCHIVED, "已归档 (archived)", null);
        }
        return supervision.progress(p.id)
                .map(progress -> PublicStatus.of(p, progress.path("status").asText(),
                        progress.path("statusText").asText(), progress))
                .orElseGet(() -> PublicStatus.of(p, "REGISTERED", "已登记 (registered)", null));
    }

    @POST
    @Path("evaluations")
    @HumanChallenge(followUp = true)
    @Parameter(in = ParameterIn.HEADER, name = ChallengeVerifier.HEADER, required = false,
            description = "The human-verification widget's token; required when intake.challenge.verify-url is set and intake.challenge.follow-ups is true")
    @Operation(summary = "Evaluate the written reply: satisfied or not (满意度评价)")
    public JsonNode evaluate(@Valid @NotNull PetitionRequests.EvaluationRequest body) {
        Petition p = open(verified(body.trackingNumber(), body.queryCode()));
        Map<String, Object> evaluation = new HashMap<>();
        evaluation.put("satisfied", body.satisfied());
        evaluation.put("comment", body.comment());
        return supervision.post(p.id, "evaluation", evaluation);
    }

    @POST
    @Path("review-requests")
    @HumanChallenge(followUp = true)
    @Parameter(in = ParameterIn.HEADER, name = ChallengeVerifier.HEADER, required = false,
            description = "The human-verification widget's token; required when intake.challenge.verify-url is set and intake.challenge.follow-ups is true")
    @Operation(summary = "Request a review (复查) within 30 days of the reply, or a re-review (复核) within 30 days of the review")
    public JsonNode requestReview(@Valid @NotNull PetitionRequests.ReviewRequest body) {
        Petition p = open(verified(body.trackingNumber(), body.queryCode()));
        return supervision.post(p.id, "review-request", Map.of("reason", body.reason()));
    }

    /** An archived case takes no evaluation and no review request: it was closed long ago (410 archived). */
    private static Petition open(Petition p) {
        if (p.archived()) {
            throw PetitionArchiving.gone(p);
        }
        return p;
    }

    private Petition verified(String trackingNumber, String queryCode) {
        return registration.lookUp(trackingNumber, queryCode)
                .orElseThrow(() -> ProblemException.notFound("Petition",
                        "No petition matches this tracking number and query code"));
    }
}

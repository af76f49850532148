package gov.petitions.supervision.rest;

import gov.petitions.platform.problem.ProblemException;
import gov.petitions.platform.security.Roles;
import gov.petitions.supervision.CaseStatus;
import gov.petitions.supervision.LedgerEntry;
import gov.petitions.supervision.TimelineEvent;
import gov.petitions.supervision.config.StatutoryDeadlines;
import gov.petitions.supervision.service.CallBacks;
import gov.petitions.supervision.service.CaseLedger;
import jakarta.annotation.security.RolesAllowed;
import jakarta.transaction.Transactional;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * The petitioner's view and actions. Internal: intake's public endpoints check the tracking number
 * and query code, then call these with a service token; the petitioner never talks to this service.
 */
@Path("/internal/cases")
@Tag(name = "Internal (petitioner, through intake)")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.SERVICE)
public class PetitionerProgressResource {

    private final CaseLedger ledger;
    private final StatutoryDeadlines deadlines;
    private final CallBacks callBacks;

    public PetitionerProgressResource(CaseLedger ledger, StatutoryDeadlines deadlines, CallBacks callBacks) {
        this.ledger = ledger;
        this.deadlines = deadlines;
        this.callBacks = callBacks;
    }

    public record Step(OffsetDateTime at, String status, String text) {
    }

    public record Progress(String trackingNumber, String status, String statusText, OffsetDateTime dueAt,
                           String reply, Boolean satisfied, OffsetDateTime reviewPossibleUntil, List<Step> steps) {
    }

    public record Evaluation(@NotNull Boolean satisfied, @Size(max = 2000) String comment) {
    }

    public record ReviewRequest(@NotBlank @Size(max = 2000) String reason) {
    }

    @GET
    @Path("{petitionId}/progress")
    @Transactional
    @Operation(summary = "Status and steps in plain language, for the petitioner")
    public Progress progress(UUID petitionId) {
        LedgerEntry e = LedgerEntry.findById(petitionId);
        if (e == null) {
            throw ProblemException.notFound("Case", "No case with petition id " + petitionId);
        }
        List<Step> steps = TimelineEvent.of(petitionId).stream()
                .map(t -> new Step(t.at, t.toStatus.name(), plain(t.toStatus))).toList();
        OffsetDateTime due = switch (e.status) {
            case ASSIGNED -> e.acceptanceDueAt;
            case ACCEPTED, EXTENDED -> e.handlingDueAt;
            default -> null;
        };
        OffsetDateTime reviewUntil = null;
        if (e.reviewRequestedAt == null && e.repliedAt != null) {
            reviewUntil = e.repliedAt.plus(deadlines.reviewWindow());
        } else if (e.reReviewRequestedAt == null && e.reviewRepliedAt != null) {
            reviewUntil = e.reviewRepliedAt.plus(deadlines.reviewWindow());
        }
        return new Progress(e.trackingNumber, e.status.name(), plain(e.status), due, e.latestAnswer(), e.satisfied,
                reviewUntil, steps);
    }

    @POST
    @Path("{petitionId}/evaluation")
    @Operation(summary = "The petitioner's evaluation of the reply: satisfied or not, with a comment")
    public Progress evaluate(UUID petitionId, @Valid @NotNull Evaluation evaluation) {
        // recorded on the ledger and in the same record of satisfaction as the bureau's call-backs
        callBacks.petitionerEvaluated(petitionId, evaluation.satisfied(), evaluation.comment());
        return progress(petitionId);
    }

    @POST
    @Path("{petitionId}/review-request")
    @Operation(summary = "Request a review (复查) within 30 days of the reply, or a re-review (复核) within 30 days of the review")
    public Progress requestReview(UUID petitionId, @Valid @NotNull ReviewRequest request) {
        ledger.requestReview(petitionId, request.reason());
        return progress(petitionId);
    }

    static String plain(CaseStatus status) {
        return switch (status) {
            case REGISTERED -> "已登记：您的信访事项已登记 (registered)";
            case ASSIGNED -> "已转交责任单位，等待受理 (forwarded to the responsible unit)";
            case ACCEPTED -> "已受理，正在办理 (accepted, being handled)";
            case NOT_ACCEPTED -> "不予受理，理由已书面告知 (not accepted; the reason was given in writing)";
            case EXTENDED -> "办理期限已延长 (handling time extended)";
            case REPLIED -> "已办结并书面答复 (answered in writing)";
            case EVALUATED -> "已收到您的评价 (your evaluation was recorded)";
            case REVIEW_REQUESTED -> "复查中 (under review by the next level up)";
            case REVIEW_REPLIED -> "复查意见已答复 (review answered)";
            case RE_REVIEW_REQUESTED -> "复核中 (under re-review)";
            case RE_REVIEW_REPLIED -> "复核意见已答复 (re-review answered)";
            case FINAL -> "已终结 (final)";
            case ESCALATED -> "已提级办理 (escalated to the next level)";
            case RETURNED -> "重新交办中 (being re-dispatched)";
        };
    }
}

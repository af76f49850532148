package gov.petitions.supervision.rest;

import gov.petitions.platform.problem.ProblemException;
import gov.petitions.platform.security.Roles;
import gov.petitions.platform.time.ChinaTime;
import gov.petitions.supervision.LedgerEntry;
import jakarta.annotation.security.RolesAllowed;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.UUID;

/**
 * The text of a written decision, for notification-service to print the petitioner's letter (书面答复, 复查意见,
 * 复核意见 and 终结, 不予受理). The text never travels in an event (events carry no petitioner's matter); the
 * notification service fetches it here with its service token when it renders the letter.
 */
@Path("/cases")
@Tag(name = "Internal (notification)")
@Produces(MediaType.APPLICATION_JSON)
public class WrittenDecisionResource {

    /** The decisions a letter is printed for, named by the status the case reached with it. */
    public enum Decision { REPLIED, REVIEW_REPLIED, RE_REVIEW_REPLIED, FINAL, NOT_ACCEPTED }

    public record WrittenDecision(UUID petitionId, String trackingNumber, String status, String text, String unitCode,
                                  OffsetDateTime decidedAt) {
    }

    @GET
    @Path("{petitionId}/written-decision")
    @RolesAllowed(Roles.SERVICE)
    @Transactional
    @Operation(summary = "The text of a written decision and the unit that gave it, for the petitioner's letter: status "
            + "REPLIED (书面答复), REVIEW_REPLIED (复查意见), RE_REVIEW_REPLIED or FINAL (复核意见, 终结), NOT_ACCEPTED "
            + "(不予受理, the reason); 404 if the case has no such decision")
    public WrittenDecision get(UUID petitionId, @QueryParam("status") String status) {
        Decision decision = decisionOf(status);
        LedgerEntry e = LedgerEntry.findById(petitionId);
        if (e == null) {
            throw ProblemException.notFound("Case", "No case with petition id " + petitionId);
        }
        WrittenDecision found = switch (decision) {
            case REPLIED -> of(e, decision, e.replyText, e.replyUnitCode, e.repliedAt);
            case REVIEW_REPLIED -> of(e, decision, e.reviewReplyText, e.reviewUnitCode, e.reviewRepliedAt);
            // the re-review's answer is what makes the matter final (终结)
            case RE_REVIEW_REPLIED, FINAL -> of(e, decision, e.reReviewReplyText, e.reReviewUnitCode, e.reReviewRepliedAt);
            case NOT_ACCEPTED -> of(e, decision, e.notAcceptedReason, e.notAcceptedUnitCode, e.notAcceptedAt);
        };
        if (found == null) {
            throw ProblemException.notFound("Written decision", "Case " + petitionId + " has no written decision "
                    + decision + " (yet)");
        }
        return found;
    }

    private static WrittenDecision of(LedgerEntry e, Decision decision, String text, String unitCode, OffsetDateTime at) {
        if (text == null || at == null) {
            return null;
        }
        return new WrittenDecision(e.petitionId, e.trackingNumber, decision.name(), text, unitCode,
                ChinaTime.inChina(at.toInstant()));
    }

    private static Decision decisionOf(String status) {
        return Arrays.stream(Decision.values()).filter(d -> d.name().equals(status)).findFirst()
                .orElseThrow(() -> ProblemException.badRequest("unknown-decision", "Unknown decision",
                        "status must be one of " + Arrays.toString(Decision.values())));
    }
}

package gov.petitions.supervision.rest;

import gov.petitions.platform.problem.ProblemException;
import gov.petitions.platform.security.Roles;
import gov.petitions.supervision.CallBack;
import gov.petitions.supervision.LedgerEntry;
import gov.petitions.supervision.service.CallBacks;
import jakarta.annotation.security.RolesAllowed;
import jakarta.transaction.Transactional;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
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

/** The bureau's call-back (回访) of a case after the unit's written reply, and the case's record of satisfaction. */
@Path("/cases")
@Tag(name = "Call-backs (回访)")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class CallBackResource {

    /** Plain text: no markup, no control characters but line breaks and tabs. */
    static final String PLAIN_TEXT = "^(?:[^<>\\p{Cntrl}]|[\\n\\r\\t])*$";

    private final CallBacks callBacks;
    private final Caller caller;

    public CallBackResource(CallBacks callBacks, Caller caller) {
        this.callBacks = callBacks;
        this.caller = caller;
    }

    /**
     * What the call found. {@code satisfaction} and {@code resolved} are said when the petitioner was reached, and only
     * then.
     */
    public record CallRecord(@NotNull Boolean reached,
                             @Pattern(regexp = "^(SATISFIED|BASICALLY_SATISFIED|NOT_SATISFIED)$") String satisfaction,
                             Boolean resolved,
                             @Size(max = CallBacks.COMMENT_LENGTH) @Pattern(regexp = PLAIN_TEXT) String comment) {
    }

    public record CallBackView(long id, String source, OffsetDateTime replyAt, String unitCode, int attempt,
                               boolean reached, String satisfaction, Boolean resolved, String comment,
                               OffsetDateTime retryAt, String outcome, OffsetDateTime recordedAt, String recordedByRole) {
        static CallBackView of(CallBack c) {
            return new CallBackView(c.id, c.source.name(), c.replyAt, c.unitCode, c.attempt, c.reached,
                    c.satisfaction == null ? null : c.satisfaction.name(), c.resolved, c.comment, c.retryAt,
                    c.outcome.name(), c.recordedAt, c.recordedByRole);
        }
    }

    /** The outcome of one try, and the case as it is now. */
    public record Recorded(CallBackView callBack, String status, String unitCode, OffsetDateTime nextCallDueAt) {
    }

    /** Not a list page (no {@code items}): one case's record, oldest first. */
    public record History(UUID petitionId, String status, OffsetDateTime nextCallDueAt, List<CallBackView> record) {
    }

    @POST
    @Path("{petitionId}/call-backs")
    @RolesAllowed({Roles.SUPERVISOR, Roles.CLERK})
    @Operation(summary = "Record a call-back (回访) after the written reply: reached or not (a retry is scheduled); if reached, "
            + "satisfied / basically / not satisfied and resolved in fact or not. A poor outcome reopens the case at the "
            + "unit that replied once, then escalates it")
    public Recorded record(UUID petitionId, @Valid @NotNull CallRecord call) {
        CallBack.Satisfaction satisfaction = null;
        if (call.reached()) {
            if (call.satisfaction() == null || call.resolved() == null) {
                throw ProblemException.badRequest("incomplete-call-back", "Satisfaction and resolution required",
                        "When the petitioner was reached, say how satisfied they are and whether the matter was "
                                + "resolved in fact");
            }
            satisfaction = CallBack.Satisfaction.valueOf(call.satisfaction());
        } else if (call.satisfaction() != null || call.resolved() != null) {
            throw ProblemException.badRequest("not-reached", "Nobody to rate it",
                    "A call that did not reach the petitioner has no satisfaction nor resolution");
        }
        String role = caller.scope().has(Roles.SUPERVISOR) ? Roles.SUPERVISOR : Roles.CLERK;
        CallBack done = callBacks.record(petitionId, caller.scope(), caller.actor(role),
                new CallBacks.Call(call.reached(), satisfaction, call.resolved(), call.comment()));
        return recorded(done);
    }

    private Recorded recorded(CallBack done) {
        LedgerEntry entry = LedgerEntry.findById(done.petitionId);
        return new Recorded(CallBackView.of(done), entry.status.name(), entry.unitCode, callBacks.dueAt(entry));
    }

    @GET
    @Path("{petitionId}/call-backs")
    @RolesAllowed({Roles.SUPERVISOR, Roles.CLERK, Roles.HANDLER, Roles.LEADER, Roles.AUDITOR})
    @Transactional
    @Operation(summary = "A case's record of satisfaction: the bureau's call-backs and the petitioner's online evaluations")
    public History history(UUID petitionId) {
        List<CallBackView> items = callBacks.history(petitionId, caller.scope()).stream().map(CallBackView::of).toList();
        LedgerEntry entry = LedgerEntry.findById(petitionId);
        return new History(petitionId, entry.status.name(), callBacks.dueAt(entry), items);
    }
}

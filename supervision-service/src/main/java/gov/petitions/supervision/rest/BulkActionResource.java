package gov.petitions.supervision.rest;

import gov.petitions.platform.bulk.BulkItems;
import gov.petitions.platform.problem.ProblemException;
import gov.petitions.platform.security.Roles;
import gov.petitions.supervision.CallBack;
import gov.petitions.supervision.service.BulkActions;
import gov.petitions.supervision.service.CallBacks;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;
import java.util.UUID;

/**
 * Bulk urging and bulk call-backs on a list of cases: each case checked and done on its own, with a result for each.
 * The rules are {@link BulkActions}' (and, case by case, the single-case services'); this translates.
 */
@Path("/cases/bulk")
@Tag(name = "Leaders and supervisors")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class BulkActionResource {

    private final BulkActions bulk;
    private final Caller caller;

    public BulkActionResource(BulkActions bulk, Caller caller) {
        this.bulk = bulk;
        this.caller = caller;
    }

    public record BulkUrge(@NotEmpty @Size(max = BulkItems.MAX_ITEMS) List<@NotNull UUID> petitionIds,
                           @NotBlank @Size(max = 2000) String reason) {
    }

    /** The same call for every case listed: e.g. a round of calls that reached nobody, or all satisfied and resolved. */
    public record BulkCallBack(@NotEmpty @Size(max = BulkItems.MAX_ITEMS) List<@NotNull UUID> petitionIds,
                               @NotNull Boolean reached,
                               @Pattern(regexp = "^(SATISFIED|BASICALLY_SATISFIED|NOT_SATISFIED)$") String satisfaction,
                               Boolean resolved,
                               @Size(max = CallBacks.COMMENT_LENGTH) @Pattern(regexp = CallBackResource.PLAIN_TEXT) String comment) {
    }

    @POST
    @Path("urge")
    @RolesAllowed(Roles.SUPERVISOR)
    @Operation(summary = "Urge the units of up to 500 cases (批量督办): each checked and urged on its own, as POST "
            + "/cases/{id}/urge, published as case.urged; a result per case (done, or refused with the reason)")
    public BulkItems.Report urge(@Valid @NotNull BulkUrge request) {
        return BulkItems.Report.of(bulk.urge(request.petitionIds(), caller.scope(), caller.actor(Roles.SUPERVISOR),
                request.reason()));
    }

    @POST
    @Path("call-backs")
    @RolesAllowed({Roles.SUPERVISOR, Roles.CLERK})
    @Operation(summary = "Record the same call-back (回访) on up to 500 cases: each checked and recorded on its own, as "
            + "POST /cases/{id}/call-backs; a result per case (done, or refused with the reason)")
    public BulkItems.Report callBacks(@Valid @NotNull BulkCallBack request) {
        CallBack.Satisfaction satisfaction = null;
        if (request.reached()) {
            if (request.satisfaction() == null || request.resolved() == null) {
                throw ProblemException.badRequest("incomplete-call-back", "Satisfaction and resolution required",
                        "When the petitioners were reached, say how satisfied they are and whether the matter was "
                                + "resolved in fact");
            }
            satisfaction = CallBack.Satisfaction.valueOf(request.satisfaction());
        } else if (request.satisfaction() != null || request.resolved() != null) {
            throw ProblemException.badRequest("not-reached", "Nobody to rate it",
                    "A call that did not reach the petitioner has no satisfaction nor resolution");
        }
        String role = caller.scope().has(Roles.SUPERVISOR) ? Roles.SUPERVISOR : Roles.CLERK;
        return BulkItems.Report.of(bulk.callBack(request.petitionIds(), caller.scope(), caller.actor(role),
                new CallBacks.Call(request.reached(), satisfaction, request.resolved(), request.comment())));
    }
}

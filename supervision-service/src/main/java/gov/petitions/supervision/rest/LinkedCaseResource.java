package gov.petitions.supervision.rest;

import gov.petitions.platform.bulk.BulkItems;
import gov.petitions.platform.security.Roles;
import gov.petitions.supervision.service.CaseLinking;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;
import java.util.UUID;

/**
 * One matter, many petitioners (同一事项归并): the petition bureau links the cases of one matter to a lead case and
 * splits them again. The rules are {@link CaseLinking}'s (and {@link gov.petitions.supervision.service.CaseLedger}'s,
 * which carries the lead's steps to its members); this translates.
 */
@Path("/cases")
@Tag(name = "Leaders and supervisors")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class LinkedCaseResource {

    private final CaseLinking linking;
    private final Caller caller;

    public LinkedCaseResource(CaseLinking linking, Caller caller) {
        this.linking = linking;
        this.caller = caller;
    }

    public record Link(@NotEmpty @Size(max = BulkItems.MAX_ITEMS) List<@NotNull UUID> caseIds,
                       @NotBlank @Size(max = 2000) String reason) {
    }

    public record Unlink(@NotBlank @Size(max = 2000) String reason) {
    }

    public record Suggestions(UUID petitionId, List<CaseLinking.MatterCase> items) {
    }

    @POST
    @Path("{petitionId}/linked-cases")
    @RolesAllowed({Roles.SUPERVISOR, Roles.CLERK})
    @Operation(summary = "Link up to 500 cases of the same matter to this lead case (同一事项归并), with a reason: all or "
            + "none; each is then handled with the lead by its unit and follows its steps, each petitioner told "
            + "(case.status-changed), case.linked for each; every case open and within the caller's jurisdiction, and "
            + "none accusing the unit of another (回避, 409)")
    public CaseLinking.Matter link(UUID petitionId, @Valid @NotNull Link request) {
        return linking.link(petitionId, request.caseIds(), caller.scope(), actor(), request.reason());
    }

    @DELETE
    @Path("{petitionId}/linked-cases/{memberId}")
    @RolesAllowed({Roles.SUPERVISOR, Roles.CLERK})
    @Operation(summary = "Split a member case off this lead case, with a reason (the body's): it is worked on its own "
            + "again at its current status and unit, its time limit running again; case.unlinked")
    public CaseLinking.Matter unlink(UUID petitionId, UUID memberId, @Valid @NotNull Unlink request) {
        return linking.unlink(petitionId, memberId, caller.scope(), actor(), request.reason());
    }

    @GET
    @Path("{petitionId}/linked-cases")
    @RolesAllowed({Roles.SUPERVISOR, Roles.CLERK, Roles.LEADER, Roles.HANDLER, Roles.AUDITOR})
    @Operation(summary = "The matter a case belongs to: its lead case and members (those the caller may see) with their "
            + "batches (批次) and person-times (人次)")
    public CaseLinking.Matter matter(UUID petitionId) {
        return linking.matter(petitionId, caller.scope());
    }

    @GET
    @Path("{petitionId}/link-suggestions")
    @RolesAllowed({Roles.SUPERVISOR, Roles.CLERK})
    @Operation(summary = "Open cases the caller may link that look like the same matter: the same county, category and "
            + "accused units, in no matter yet, none a recusal would refuse; newest first")
    public Suggestions suggestions(UUID petitionId,
                                   @QueryParam("limit") @DefaultValue("20") @Min(1) @Max(CaseLinking.MAX_SUGGESTIONS) int limit) {
        return new Suggestions(petitionId, linking.suggestions(petitionId, caller.scope(), limit));
    }

    private gov.petitions.supervision.service.CaseLedger.Actor actor() {
        return caller.actor(caller.scope().has(Roles.SUPERVISOR) ? Roles.SUPERVISOR : Roles.CLERK);
    }
}

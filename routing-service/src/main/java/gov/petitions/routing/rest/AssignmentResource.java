package gov.petitions.routing.rest;

import gov.petitions.platform.bulk.BulkItems;
import gov.petitions.platform.problem.ProblemException;
import gov.petitions.platform.security.CallerScope;
import gov.petitions.platform.security.CaseScope;
import gov.petitions.platform.security.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import gov.petitions.routing.Assignment;
import jakarta.annotation.security.RolesAllowed;
import jakarta.transaction.Transactional;
import gov.petitions.routing.service.BulkReassignment;
import gov.petitions.routing.service.CaseRouter;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

@Path("/cases")
@Tag(name = "Assignments")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class AssignmentResource {

    private final CaseRouter router;
    private final BulkReassignment bulk;
    private final SecurityIdentity identity;

    public AssignmentResource(CaseRouter router, BulkReassignment bulk, SecurityIdentity identity) {
        this.router = router;
        this.bulk = bulk;
        this.identity = identity;
    }

    public record AssignmentView(UUID assignmentId, int sequence, String level, String unitCode,
                                 String previousUnitCode, String reason, String note, OffsetDateTime assignedAt,
                                 List<String> coveringLeaders) {
        static AssignmentView of(Assignment a) {
            return new AssignmentView(a.id, a.sequence, a.level.name(), a.unitCode, a.previousUnitCode,
                    a.reason.name(), a.note, a.assignedAt,
                    a.coveringLeaders == null ? List.of() : List.of(a.coveringLeaders.split(",")));
        }
    }

    public record Reassignment(@NotBlank @Pattern(regexp = "^[0-9]{2,9}-[A-Z]{2,8}$") String unitCode,
                               @NotBlank @Size(max = 2000) String reason) {
    }

    public record BulkReassignmentRequest(@NotEmpty @Size(max = BulkItems.MAX_ITEMS) List<@NotNull UUID> petitionIds,
                                          @NotBlank @Pattern(regexp = "^[0-9]{2,9}-[A-Z]{2,8}$") String unitCode,
                                          @NotBlank @Size(max = 2000) String reason) {
    }

    public record Return(@NotBlank @Size(max = 2000) String reason) {
    }

    public record CaseRouting(UUID petitionId, String trackingNumber, AssignmentView current,
                              List<AssignmentView> history) {
    }

    @POST
    @Path("{petitionId}/reassignment")
    @RolesAllowed(Roles.SUPERVISOR)
    @Operation(summary = "Move a case of your jurisdiction to another unit, with a reason (改派)")
    public AssignmentView reassign(UUID petitionId, @Valid @NotNull Reassignment body) {
        return AssignmentView.of(router.reassign(petitionId, body.unitCode(), body.reason(), CallerScope.of(identity)));
    }

    @POST
    @Path("bulk/reassignment")
    @RolesAllowed(Roles.SUPERVISOR)
    @Operation(summary = "Move up to 500 cases of your jurisdiction to one unit (批量改派): the unit checked once, then each "
            + "case on its own as POST /cases/{id}/reassignment, published as case.assigned; a result per case (done, "
            + "or refused with the reason: not-found, recused-unit, same-unit, duplicate)")
    public BulkItems.Report reassignAll(@Valid @NotNull BulkReassignmentRequest body) {
        return BulkItems.Report.of(bulk.reassign(body.petitionIds(), body.unitCode(), body.reason(),
                CallerScope.of(identity)));
    }

    @POST
    @Path("{petitionId}/return")
    @RolesAllowed(Roles.HANDLER)
    @Operation(summary = "Send a misrouted case back to the petition bureau (退回), once per case, with a reason")
    public AssignmentView returnCase(UUID petitionId, @Valid @NotNull Return body) {
        return AssignmentView.of(router.returnCase(petitionId, CallerScope.of(identity), body.reason()));
    }

    @GET
    @Path("{petitionId}/assignments")
    @RolesAllowed({Roles.SUPERVISOR, Roles.LEADER, Roles.AUDITOR, Roles.SERVICE, Roles.CLERK, Roles.HANDLER})
    @Transactional
    @Operation(summary = "The responsible unit of a case and every assignment it had (交办记录); a handler sees the cases its unit ever had")
    public CaseRouting assignments(UUID petitionId) {
        List<Assignment> history = Assignment.history(petitionId);
        if (history.isEmpty() || !maySee(CallerScope.of(identity), history)) {
            // another jurisdiction's case, or one that accuses the caller: as if it did not exist
            throw ProblemException.notFound("Case", "No case with petition id " + petitionId + " has been routed");
        }
        Assignment current = history.get(history.size() - 1);
        return new CaseRouting(petitionId, current.trackingNumber, AssignmentView.of(current),
                history.stream().map(AssignmentView::of).toList());
    }

    /**
     * The case as it stands now decides, with one exception: a handler also sees the path of a case its unit
     * held before (it returned it, or it was moved on), unless the case recuses the unit. A case whose
     * accusation predates keeping it is shown only to province-wide readers and the units that held it.
     */
    static boolean maySee(CallerScope caller, List<Assignment> history) {
        Assignment current = history.get(history.size() - 1);
        CaseScope now = current.scope();
        if (caller.seesWholeProvince() || (current.accusationKnown() && caller.maySee(now))) {
            return true;
        }
        return caller.has(Roles.HANDLER) && caller.unit().isPresent()
                && history.stream().anyMatch(a -> a.unitCode.equals(caller.unit().get()))
                && caller.maySee(CaseScope.of(now.locationCode(), caller.unit().get(), now.accusedUnitCodes()));
    }
}

package gov.petitions.routing.rest;

import gov.petitions.platform.problem.ProblemException;
import gov.petitions.platform.security.Roles;
import gov.petitions.routing.Assignment;
import jakarta.annotation.security.RolesAllowed;
import jakarta.transaction.Transactional;
import gov.petitions.routing.service.CaseRouter;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import org.eclipse.microprofile.jwt.JsonWebToken;
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
    private final JsonWebToken jwt;

    public AssignmentResource(CaseRouter router, JsonWebToken jwt) {
        this.router = router;
        this.jwt = jwt;
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
        return AssignmentView.of(router.reassign(petitionId, body.unitCode(), body.reason(), claim("jurisdiction")));
    }

    @POST
    @Path("{petitionId}/return")
    @RolesAllowed(Roles.HANDLER)
    @Operation(summary = "Send a misrouted case back to the petition bureau (退回), once per case, with a reason")
    public AssignmentView returnCase(UUID petitionId, @Valid @NotNull Return body) {
        return AssignmentView.of(router.returnCase(petitionId, claim("unit"), body.reason()));
    }

    private String claim(String name) {
        Object value = jwt.getClaim(name);
        return value == null ? null : value.toString().replace("\"", "");
    }

    @GET
    @Path("{petitionId}/assignments")
    @RolesAllowed({Roles.SUPERVISOR, Roles.LEADER, Roles.AUDITOR, Roles.SERVICE, Roles.CLERK, Roles.HANDLER})
    @Transactional
    @Operation(summary = "The responsible unit of a case and every assignment it had (交办记录); a handler sees the cases its unit ever had")
    public CaseRouting assignments(UUID petitionId) {
        List<Assignment> history = Assignment.history(petitionId);
        java.util.Set<String> groups = jwt.getGroups() == null ? java.util.Set.of() : jwt.getGroups();
        boolean handlerOnly = groups.contains(Roles.HANDLER) && java.util.stream.Stream.of(Roles.SUPERVISOR,
                Roles.LEADER, Roles.AUDITOR, Roles.CLERK, Roles.SERVICE).noneMatch(groups::contains);
        if (handlerOnly && history.stream().noneMatch(a -> a.unitCode.equals(claim("unit")))) {
            history = List.of(); // another unit's case: as if it did not exist
        }
        if (history.isEmpty()) {
            throw ProblemException.notFound("Case", "No case with petition id " + petitionId + " has been routed");
        }
        Assignment current = history.get(history.size() - 1);
        return new CaseRouting(petitionId, current.trackingNumber, AssignmentView.of(current),
                history.stream().map(AssignmentView::of).toList());
    }
}

package gov.petitions.routing.rest;

import gov.petitions.platform.problem.ProblemException;
import gov.petitions.platform.security.Roles;
import gov.petitions.routing.Assignment;
import jakarta.annotation.security.RolesAllowed;
import jakarta.transaction.Transactional;
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
public class AssignmentResource {

    public record AssignmentView(UUID assignmentId, int sequence, String level, String unitCode,
                                 String previousUnitCode, String reason, String note, OffsetDateTime assignedAt) {
        static AssignmentView of(Assignment a) {
            return new AssignmentView(a.id, a.sequence, a.level.name(), a.unitCode, a.previousUnitCode,
                    a.reason.name(), a.note, a.assignedAt);
        }
    }

    public record CaseRouting(UUID petitionId, String trackingNumber, AssignmentView current,
                              List<AssignmentView> history) {
    }

    @GET
    @Path("{petitionId}/assignments")
    @RolesAllowed({Roles.SUPERVISOR, Roles.LEADER, Roles.AUDITOR, Roles.SERVICE, Roles.CLERK})
    @Transactional
    @Operation(summary = "The responsible unit of a case and every assignment it had (交办记录)")
    public CaseRouting assignments(UUID petitionId) {
        List<Assignment> history = Assignment.history(petitionId);
        if (history.isEmpty()) {
            throw ProblemException.notFound("Case", "No case with petition id " + petitionId + " has been routed");
        }
        Assignment current = history.get(history.size() - 1);
        return new CaseRouting(petitionId, current.trackingNumber, AssignmentView.of(current),
                history.stream().map(AssignmentView::of).toList());
    }
}

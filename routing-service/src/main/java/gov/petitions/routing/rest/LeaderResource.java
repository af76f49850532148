package gov.petitions.routing.rest;

import gov.petitions.platform.problem.ProblemException;
import gov.petitions.platform.security.Roles;
import gov.petitions.routing.Division;
import gov.petitions.routing.Leader;
import gov.petitions.routing.Level;
import jakarta.annotation.security.RolesAllowed;
import jakarta.transaction.Transactional;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** Provincial leaders' coverage (包点): which cities or special fields each one follows. */
@Path("/leaders")
@Tag(name = "Directory")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class LeaderResource {

    public record LeaderView(String id, String name, String title, Set<String> covers) {
        static LeaderView of(Leader l) {
            return new LeaderView(l.id, l.name, l.title, new TreeSet<>(l.covers));
        }
    }

    @GET
    @RolesAllowed({Roles.SUPERVISOR, Roles.LEADER, Roles.AUDITOR, Roles.ADMIN})
    @Transactional
    public List<LeaderView> list() {
        return Leader.<Leader>list("order by id").stream().map(LeaderView::of).toList();
    }

    @PUT
    @Path("{leaderId}/coverage")
    @RolesAllowed(Roles.ADMIN)
    @Transactional
    @Operation(summary = "Replace what a leader covers: city codes (e.g. 3401) and fields (field:name)")
    public LeaderView cover(String leaderId, @NotNull @Size(min = 1, max = 20) Set<@NotNull String> covers) {
        Leader leader = Leader.findById(leaderId);
        if (leader == null) {
            throw ProblemException.notFound("Leader", "No leader " + leaderId);
        }
        for (String area : covers) {
            Division division = Division.findById(area);
            boolean city = division != null && division.level == Level.CITY;
            if (!city && !area.matches("^field:[a-z][a-z-]{1,30}$")) {
                throw ProblemException.badRequest("bad-coverage", "Not a city or a field",
                        area + " is neither a city code nor a field such as field:ethnic-religious");
            }
        }
        leader.covers.clear();
        leader.covers.addAll(covers);
        return LeaderView.of(leader);
    }
}

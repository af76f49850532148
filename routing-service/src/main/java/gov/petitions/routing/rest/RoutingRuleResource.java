package gov.petitions.routing.rest;

import gov.petitions.platform.problem.ProblemException;
import gov.petitions.platform.security.Roles;
import gov.petitions.routing.Level;
import gov.petitions.routing.RoutingRule;
import gov.petitions.routing.service.CachedDirectory;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;

/** Which department handles which category, and at which level it starts; edited by an admin. */
@Path("/routing-rules")
@Tag(name = "Directory")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class RoutingRuleResource {

    /** Routing's in-memory copy of the rules is cleared when the change commits (CachedDirectory) */
    @Inject
    Event<CachedDirectory.Changed> directoryChanged;


    public record RuleView(String categoryCode, String department, Level startLevel) {
        static RuleView of(RoutingRule r) {
            return new RuleView(r.categoryCode, r.department, r.startLevel);
        }
    }

    public record RuleChange(@NotNull @Pattern(regexp = "^[A-Z]{2,8}$") String department, @NotNull Level startLevel) {
    }

    @GET
    @PermitAll
    @Transactional
    public List<RuleView> list() {
        return RoutingRule.<RoutingRule>list("order by categoryCode").stream().map(RuleView::of).toList();
    }

    @PUT
    @Path("{categoryCode}")
    @RolesAllowed(Roles.ADMIN)
    @Transactional
    @Operation(summary = "Set the department and starting level of a category (applies to petitions routed from now on)")
    public RuleView put(@Pattern(regexp = "^[a-z][a-z0-9-]{1,39}$") String categoryCode, @Valid @NotNull RuleChange change) {
        long departments = RoutingRule.getEntityManager()
                .createQuery("select count(d) from Unit d where d.department = ?1", Long.class)
                .setParameter(1, change.department()).getSingleResult();
        if (departments == 0) {
            throw ProblemException.badRequest("unknown-department", "Unknown department",
                    "No unit has department " + change.department());
        }
        RoutingRule rule = RoutingRule.findById(categoryCode);
        if (rule == null) {
            rule = new RoutingRule();
            rule.categoryCode = categoryCode;
        }
        rule.department = change.department();
        rule.startLevel = change.startLevel();
        rule.persist();
        directoryChanged.fire(new CachedDirectory.Changed());
        return RuleView.of(rule);
    }
}

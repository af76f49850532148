package gov.petitions.intake.rest;

import gov.petitions.intake.messaging.CaseProjectionRebuild;
import gov.petitions.intake.search.SearchNames;
import gov.petitions.platform.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Rebuild of search's read model of the cases' unit and state from the topics, and a fresh read of the category names
 * search matches (docs/registration.md, "Search"); the place names and the petitions' own words need none.
 */
@Path("/internal/search/rebuild")
@Tag(name = "Internal")
@Produces(MediaType.APPLICATION_JSON)
public class SearchRebuildResource {

    private final CaseProjectionRebuild rebuild;
    private final SearchNames names;

    public SearchRebuildResource(CaseProjectionRebuild rebuild, SearchNames names) {
        this.rebuild = rebuild;
        this.names = names;
    }

    @POST
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Start rebuilding search's read model (unit and state of each case) from case.assigned and "
            + "case.status-changed, from their earliest retained offsets; 202 with its status, 409 while one runs",
            description = "Restores only what the topics still hold (their retention: 30 days in deploy/, 7 days on "
                    + "a local broker). Search keeps answering meanwhile; the live consumers go on. The category names "
                    + "search matches (category, category_search_name) are read again at once; place names and the "
                    + "petitions' words are never stale (resolved at query time, and a generated column).")
    public Response start() {
        names.refresh(); // even when a rebuild runs (409): reading the names again is harmless
        return Response.accepted(rebuild.start()).build();
    }

    @GET
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "The last rebuild's progress: state (NEVER_RUN, RUNNING, DONE, STOPPED, FAILED), records "
            + "read, applied (changed a row), skipped (unreadable), remaining up to the end the rebuild aims at")
    public CaseProjectionRebuild.Status status() {
        return rebuild.status();
    }
}

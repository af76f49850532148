package gov.petitions.supervision.rest;

import gov.petitions.platform.problem.Problem;
import gov.petitions.platform.problem.ProblemException;
import gov.petitions.platform.security.CallerScope;
import gov.petitions.platform.security.Roles;
import gov.petitions.supervision.service.RetentionJob;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;
import java.util.UUID;

/**
 * The retention job's runs (docs/archiving.md): the province's admin starts one (dry: a report of what would be
 * archived, nothing changed), admins and auditors follow its progress. The rules are {@link RetentionJob}'s.
 */
@Path("/retention/runs")
@Tag(name = "Retention and archiving")
@Produces(MediaType.APPLICATION_JSON)
public class RetentionResource {

    private final RetentionJob job;
    private final Caller caller;
    private final SecurityIdentity identity;

    public RetentionResource(RetentionJob job, Caller caller, SecurityIdentity identity) {
        this.job = job;
        this.caller = caller;
        this.identity = identity;
    }

    public record RunRequest(@NotNull Boolean dryRun) {
    }

    public record Progress(RetentionJob.Run run, int page, int size, List<RetentionJob.Item> items) {
    }

    public record Runs(int page, int size, List<RetentionJob.Run> items) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Start a retention run (dryRun true: only the report of what would be archived); 202 with the run, worked in the background; audited")
    public Response start(@NotNull @Valid RunRequest request) {
        provinceOnly();
        RetentionJob.Run run = job.start(request.dryRun(), identity.getPrincipal().getName(), Roles.ADMIN);
        job.submit(run.id());
        return Response.accepted(run).build();
    }

    @GET
    @RolesAllowed({Roles.ADMIN, Roles.AUDITOR})
    @Operation(summary = "The retention runs, newest first, with their counts")
    public Runs runs(@QueryParam("page") @DefaultValue("0") @Min(0) @Max(10000) int page,
                                       @QueryParam("size") @DefaultValue("50") @Min(1) @Max(200) int size) {
        provinceOnly();
        return new Runs(page, size, job.runs(page, size));
    }

    @GET
    @Path("{runId}")
    @RolesAllowed({Roles.ADMIN, Roles.AUDITOR})
    @Operation(summary = "A run's progress (total, pending, archived, failed, skipped; a dry run's cases it would archive) and its items, paged")
    public Progress run(@PathParam("runId") UUID runId,
                        @QueryParam("page") @DefaultValue("0") @Min(0) @Max(100000) int page,
                        @QueryParam("size") @DefaultValue("100") @Min(1) @Max(500) int size) {
        provinceOnly();
        RetentionJob.Run run = job.run(runId).orElseThrow(() -> ProblemException.notFound("Retention run",
                "No retention run " + runId));
        return new Progress(run, page, size, job.items(runId, page, size));
    }

    /**
     * Retention covers every case of the province: an admin acts on it only with the province as jurisdiction; an
     * auditor reads the whole province anyway. Fails closed on a missing or other claim.
     */
    private void provinceOnly() {
        provinceOnly(caller.scope());
    }

    static void provinceOnly(CallerScope scope) {
        if (scope.has(Roles.AUDITOR) && !scope.has(Roles.ADMIN)) {
            return;
        }
        String province = CallerScope.province();
        if (!scope.jurisdiction().map(province::equals).orElse(false)) {
            throw new ProblemException(Problem.of("province-admin-only", "Only the province's admin", 403,
                    "Retention and archiving cover every case of the province; only an admin whose jurisdiction is the "
                            + "province (" + province + ") may use them"));
        }
    }
}

package gov.petitions.supervision.rest;

import gov.petitions.platform.problem.Problem;
import gov.petitions.platform.problem.ProblemException;
import gov.petitions.platform.security.CallerScope;
import gov.petitions.platform.security.Roles;
import gov.petitions.supervision.service.TimelineAnchoring;
import jakarta.annotation.security.RolesAllowed;
import jakarta.transaction.Transactional;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * The published daily digests of the timeline chain heads. They name no case and no person (the leaves are hashes),
 * so auditors, supervisors and admins with a jurisdiction read them all.
 */
@Path("/timeline/digests")
@Tag(name = "Timeline proof")
public class TimelineDigestResource {

    private final Caller caller;
    private final TimelineAnchoring anchoring;

    public TimelineDigestResource(Caller caller, TimelineAnchoring anchoring) {
        this.caller = caller;
        this.anchoring = anchoring;
    }

    public record DigestPage(int page, int size, List<TimelineAnchoring.Digest> items) {
    }

    @GET
    @RolesAllowed({Roles.AUDITOR, Roles.SUPERVISOR, Roles.ADMIN})
    @Produces(MediaType.APPLICATION_JSON)
    @Transactional
    @Operation(summary = "The daily digests of the timeline chain heads, newest first")
    public DigestPage list(@QueryParam("page") @DefaultValue("0") @Min(0) @Max(100000) int page,
                           @QueryParam("size") @DefaultValue("30") @Min(1) @Max(366) int size) {
        requireScope();
        return new DigestPage(page, size, anchoring.newestFirst(page, size));
    }

    public record DigestWithLeaves(TimelineAnchoring.Digest digest, List<String> leafHashes) {
    }

    @GET
    @Path("{day}")
    @RolesAllowed({Roles.AUDITOR, Roles.SUPERVISOR, Roles.ADMIN})
    @Produces(MediaType.APPLICATION_JSON)
    @Transactional
    @Operation(summary = "A day's digest with every leaf hash in tree order, enough to recompute its root")
    public DigestWithLeaves get(@PathParam("day") @Pattern(regexp = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$") String day) {
        requireScope();
        TimelineAnchoring.Digest digest = digest(day);
        return new DigestWithLeaves(digest, anchoring.leafHashes(digest.day()));
    }

    @GET
    @Path("{day}")
    @RolesAllowed({Roles.AUDITOR, Roles.SUPERVISOR, Roles.ADMIN})
    @Produces(MediaType.TEXT_PLAIN)
    @Transactional
    @Operation(summary = "A day's digest as a text file to download and keep: root, previous digest, digest and every leaf hash")
    public Response file(@PathParam("day") @Pattern(regexp = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$") String day) {
        requireScope();
        TimelineAnchoring.Digest digest = digest(day);
        StringBuilder text = new StringBuilder()
                .append("# supervision-service timeline digest (时间线摘要); recompute as docs/case-lifecycle.md says\n")
                .append("service: ").append(TimelineAnchoring.SERVICE).append('\n')
                .append("day: ").append(digest.day()).append('\n')
                .append("made-at: ").append(digest.madeAt()).append('\n')
                .append("leaves: ").append(digest.leaves()).append('\n')
                .append("root: ").append(digest.root()).append('\n')
                .append("previous-digest: ").append(digest.previousDigest()).append('\n')
                .append("digest: ").append(digest.digest()).append('\n')
                .append("# leaf hashes in tree order: SHA-256(0x00 || petitionId:position:head)\n");
        anchoring.leafHashes(digest.day()).forEach(h -> text.append(h).append('\n'));
        return Response.ok(text.toString(), "text/plain; charset=utf-8")
                .header("Content-Disposition", "attachment; filename=\"timeline-digest-" + digest.day() + ".txt\"").build();
    }

    private TimelineAnchoring.Digest digest(String day) {
        LocalDate date;
        try {
            date = LocalDate.parse(day);
        } catch (DateTimeParseException e) {
            throw ProblemException.badRequest("invalid-day", "Not a day", "A day is written YYYY-MM-DD, e.g. 2026-12-05");
        }
        return anchoring.digest(date).orElseThrow(() -> ProblemException.notFound("Digest",
                "No timeline digest of " + day + " (a day's digest is made once the day is over in China)"));
    }

    /** Fail closed: a supervisor or admin whose token names no jurisdiction is nobody's official. */
    private void requireScope() {
        CallerScope scope = caller.scope();
        if (!scope.has(Roles.AUDITOR) && scope.jurisdiction().isEmpty()) {
            throw new ProblemException(Problem.of("no-jurisdiction", "No jurisdiction", 403,
                    "Your token names no jurisdiction; ask for one to be assigned to you"));
        }
    }
}

package gov.petitions.supervision.rest;

import gov.petitions.platform.security.Roles;
import gov.petitions.supervision.FollowUp;
import gov.petitions.supervision.LedgerEntry;
import gov.petitions.supervision.service.Leadership;
import gov.petitions.supervision.service.Supervision;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Future;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * What leaders and supervisors add to a case: instructions (批示), minutes and a dedicated team (纪要、专班), urging (督办).
 * The rules are {@link Leadership}'s and {@link Supervision}'s; this translates.
 */
@Path("/cases")
@Tag(name = "Leaders and supervisors")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class LeaderResource {

    private final Caller caller;
    private final Leadership leadership;
    private final Supervision supervision;

    public LeaderResource(Caller caller, Leadership leadership, Supervision supervision) {
        this.caller = caller;
        this.leadership = leadership;
        this.supervision = supervision;
    }

    public record Instruction(@NotBlank @Size(max = 4000) String text) {
    }

    public record Minutes(@NotBlank @Size(max = 8000) String summary,
                          @NotEmpty @Size(max = 20) List<@NotBlank @Size(max = 100) String> team,
                          @NotEmpty @Size(max = 24) List<@NotNull @Future OffsetDateTime> followUps) {
    }

    public record Urge(@NotBlank @Size(max = 2000) String reason) {
    }

    public record FollowUpReport(@NotBlank @Size(max = 2000) String note) {
    }

    public record FollowUpView(long followUpId, OffsetDateTime dueAt, OffsetDateTime remindedAt, OffsetDateTime overdueAt,
                               OffsetDateTime doneAt, String reportedBy, String note) {
        static FollowUpView of(FollowUp f) {
            return new FollowUpView(f.id, f.dueAt, f.remindedAt, f.overdueAt, f.doneAt, f.reportedBy, f.note);
        }
    }

    public record LeaderCaseView(UUID petitionId, String status, boolean leaderCase, int urgeCount,
                                 List<String> instructions, String minutes, String team, List<FollowUpView> followUps) {
        static LeaderCaseView of(Leadership.Record r) {
            LedgerEntry e = r.entry();
            return new LeaderCaseView(e.petitionId, e.status.name(), e.leaderCase, e.urgeCount,
                    r.instructions().stream().map(i -> i.text).toList(),
                    r.minutes() == null ? null : r.minutes().summary, r.minutes() == null ? null : r.minutes().team,
                    r.followUps().stream().map(FollowUpView::of).toList());
        }
    }

    @POST
    @Path("{petitionId}/instructions")
    @RolesAllowed(Roles.LEADER)
    @Operation(summary = "A leader's written instruction on the case (批示); the unit sees it in the timeline")
    public LeaderCaseView instruct(UUID petitionId, @Valid @NotNull Instruction instruction) {
        return LeaderCaseView.of(leadership.instruct(petitionId, caller.scope(), caller.actor(Roles.LEADER),
                instruction.text()));
    }

    @POST
    @Path("{petitionId}/minutes")
    @RolesAllowed(Roles.LEADER)
    @Operation(summary = "Minutes of a case received in person, its dedicated team (专班) and follow-up dates")
    public LeaderCaseView minutes(UUID petitionId, @Valid @NotNull Minutes minutes) {
        return LeaderCaseView.of(leadership.recordMinutes(petitionId, caller.scope(), caller.actor(Roles.LEADER),
                minutes.summary(), minutes.team(), minutes.followUps()));
    }

    @POST
    @Path("{petitionId}/urge")
    @RolesAllowed(Roles.SUPERVISOR)
    @Operation(summary = "Urge the responsible unit (督办); only within the supervisor's jurisdiction; published as case.urged")
    public LeaderCaseView urge(UUID petitionId, @Valid @NotNull Urge urge) {
        supervision.urge(petitionId, caller.scope(), caller.actor(Roles.SUPERVISOR), urge.reason());
        return LeaderCaseView.of(leadership.of(petitionId, caller.scope()));
    }

    @POST
    @Path("{petitionId}/follow-ups/{followUpId}/report")
    @RolesAllowed({Roles.LEADER, Roles.SUPERVISOR, Roles.HANDLER})
    @Operation(summary = "The dedicated team reports a follow-up done (回访/跟进); stops its reminders")
    public LeaderCaseView reportFollowUp(UUID petitionId, long followUpId, @Valid @NotNull FollowUpReport report) {
        String role = caller.scope().has(Roles.LEADER) ? Roles.LEADER
                : caller.scope().has(Roles.SUPERVISOR) ? Roles.SUPERVISOR : Roles.HANDLER;
        return LeaderCaseView.of(leadership.reportFollowUp(petitionId, followUpId, caller.scope(), caller.actor(role),
                report.note()));
    }

    @GET
    @Path("{petitionId}/leadership")
    @RolesAllowed({Roles.LEADER, Roles.SUPERVISOR, Roles.AUDITOR, Roles.HANDLER})
    public LeaderCaseView leadership(UUID petitionId) {
        return LeaderCaseView.of(leadership.of(petitionId, caller.scope()));
    }
}

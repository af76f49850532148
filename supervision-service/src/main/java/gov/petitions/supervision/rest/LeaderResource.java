package gov.petitions.supervision.rest;

import gov.petitions.platform.problem.ProblemException;
import gov.petitions.platform.security.Roles;
import gov.petitions.supervision.CaseStatus;
import gov.petitions.supervision.LedgerEntry;
import gov.petitions.supervision.TimelineEvent;
import gov.petitions.supervision.service.CaseLifecycle;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
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

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

/** What leaders and supervisors add to a case: instructions (批示), minutes and a dedicated team (纪要、专班), urging (督办). */
@Path("/cases")
@Tag(name = "Leaders and supervisors")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class LeaderResource {

    private final Caller caller;
    private final SecurityIdentity identity;
    private final EntityManager entityManager;
    private final Clock clock;

    public LeaderResource(Caller caller, SecurityIdentity identity, EntityManager entityManager, Clock clock) {
        this.caller = caller;
        this.identity = identity;
        this.entityManager = entityManager;
        this.clock = clock;
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
    }

    public record LeaderCaseView(UUID petitionId, String status, boolean leaderCase, int urgeCount,
                                 List<String> instructions, String minutes, String team, List<FollowUpView> followUps) {
    }

    @POST
    @Path("{petitionId}/instructions")
    @RolesAllowed(Roles.LEADER)
    @Transactional
    @Operation(summary = "A leader's written instruction on the case (批示); the unit sees it in the timeline")
    public LeaderCaseView instruct(UUID petitionId, @Valid @NotNull Instruction instruction) {
        LedgerEntry entry = caller.supervised(petitionId);
        entityManager.createNativeQuery("insert into instruction (petition_id, leader, text, given_at) values (:id, :leader, :text, :at)")
                .setParameter("id", petitionId).setParameter("leader", leader()).setParameter("text", instruction.text())
                .setParameter("at", now()).executeUpdate();
        note(entry, Roles.LEADER, "leader's instruction (批示): " + instruction.text());
        return view(entry);
    }

    @POST
    @Path("{petitionId}/minutes")
    @RolesAllowed(Roles.LEADER)
    @Transactional
    @Operation(summary = "Minutes of a case received in person, its dedicated team (专班) and follow-up dates")
    public LeaderCaseView minutes(UUID petitionId, @Valid @NotNull Minutes minutes) {
        LedgerEntry entry = caller.supervised(petitionId);
        if (entry.leaderCase) {
            throw ProblemException.conflict("minutes-exist", "Minutes exist", "This case already has its minutes and team");
        }
        entityManager.createNativeQuery("insert into minutes (petition_id, leader, summary, team, recorded_at) values (:id, :leader, :summary, :team, :at)")
                .setParameter("id", petitionId).setParameter("leader", leader()).setParameter("summary", minutes.summary())
                .setParameter("team", String.join("、", minutes.team())).setParameter("at", now()).executeUpdate();
        for (OffsetDateTime due : minutes.followUps().stream().sorted().toList()) {
            entityManager.createNativeQuery("insert into follow_up (petition_id, due_at) values (:id, :due)")
                    .setParameter("id", petitionId).setParameter("due", due).executeUpdate();
        }
        entry.leaderCase = true;
        note(entry, Roles.LEADER, "minutes (纪要) and a dedicated team (专班): " + String.join("、", minutes.team()));
        return view(entry);
    }

    @POST
    @Path("{petitionId}/urge")
    @RolesAllowed(Roles.SUPERVISOR)
    @Transactional
    @Operation(summary = "Urge the responsible unit (督办); only within the supervisor's jurisdiction")
    public LeaderCaseView urge(UUID petitionId, @Valid @NotNull Urge urge) {
        LedgerEntry entry = caller.supervised(petitionId);
        // a review waiting for its assignment has no unit to urge yet
        CaseLifecycle.checkNotAwaitingAssignment(entry);
        if (entry.status != CaseStatus.ASSIGNED && entry.status != CaseStatus.ACCEPTED && entry.status != CaseStatus.EXTENDED
                && entry.status != CaseStatus.REVIEW_REQUESTED && entry.status != CaseStatus.RE_REVIEW_REQUESTED) {
            throw ProblemException.conflict("not-open", "Nothing to urge", "The case is " + entry.status + "; only open cases are urged");
        }
        entry.urgeCount++;
        note(entry, Roles.SUPERVISOR, "urged (督办): " + urge.reason());
        return view(entry);
    }

    @POST
    @Path("{petitionId}/follow-ups/{followUpId}/report")
    @RolesAllowed({Roles.LEADER, Roles.SUPERVISOR, Roles.HANDLER})
    @Transactional
    @Operation(summary = "The dedicated team reports a follow-up done (回访/跟进); stops its reminders")
    public LeaderCaseView reportFollowUp(UUID petitionId, long followUpId, @Valid @NotNull FollowUpReport report) {
        LedgerEntry entry = caller.visible(petitionId);
        @SuppressWarnings("unchecked")
        List<Object> done = entityManager.createNativeQuery(
                        "select done_at from follow_up where id = :id and petition_id = :petition for update")
                .setParameter("id", followUpId).setParameter("petition", petitionId).getResultList();
        if (done.isEmpty()) {
            throw ProblemException.notFound("Follow-up", "No follow-up " + followUpId + " on this case");
        }
        if (done.get(0) != null) {
            throw ProblemException.conflict("follow-up-reported", "Already reported",
                    "Follow-up " + followUpId + " was reported done at " + time(done.get(0)));
        }
        entityManager.createNativeQuery("update follow_up set done_at = :at, note = :note, reported_by = :by where id = :id")
                .setParameter("at", now()).setParameter("note", report.note())
                .setParameter("by", identity.getPrincipal().getName()).setParameter("id", followUpId).executeUpdate();
        note(entry, identity.hasRole(Roles.LEADER) ? Roles.LEADER : identity.hasRole(Roles.SUPERVISOR) ? Roles.SUPERVISOR : Roles.HANDLER,
                "follow-up (专班跟进) reported: " + report.note());
        return view(entry);
    }

    @GET
    @Path("{petitionId}/leadership")
    @RolesAllowed({Roles.LEADER, Roles.SUPERVISOR, Roles.AUDITOR, Roles.HANDLER})
    @Transactional
    public LeaderCaseView leadership(UUID petitionId) {
        LedgerEntry entry = caller.visible(petitionId);
        return view(entry);
    }

    private LeaderCaseView view(LedgerEntry entry) {
        entityManager.flush();
        @SuppressWarnings("unchecked")
        List<String> instructions = entityManager.createNativeQuery(
                "select text from instruction where petition_id = :id order by given_at, id").setParameter("id", entry.petitionId).getResultList();
        @SuppressWarnings("unchecked")
        List<Object[]> minutes = entityManager.createNativeQuery("select summary, team from minutes where petition_id = :id")
                .setParameter("id", entry.petitionId).getResultList();
        @SuppressWarnings("unchecked")
        List<Object[]> followUps = entityManager.createNativeQuery(
                "select id, due_at, reminded_at, overdue_at, done_at, reported_by, note from follow_up where petition_id = :id "
                        + "order by due_at, id").setParameter("id", entry.petitionId).getResultList();
        return new LeaderCaseView(entry.petitionId, entry.status.name(), entry.leaderCase, entry.urgeCount, instructions,
                minutes.isEmpty() ? null : (String) minutes.get(0)[0], minutes.isEmpty() ? null : (String) minutes.get(0)[1],
                followUps.stream().map(f -> new FollowUpView(((Number) f[0]).longValue(), time(f[1]), time(f[2]), time(f[3]),
                        time(f[4]), (String) f[5], (String) f[6])).toList());
    }

    private static OffsetDateTime time(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof OffsetDateTime odt) {
            return odt;
        }
        if (value instanceof java.time.Instant instant) {
            return instant.atOffset(ZoneOffset.UTC);
        }
        return ((java.sql.Timestamp) value).toInstant().atOffset(ZoneOffset.UTC);
    }

    private void note(LedgerEntry entry, String role, String text) {
        TimelineEvent event = new TimelineEvent();
        event.petitionId = entry.petitionId;
        event.at = now();
        event.fromStatus = entry.status;
        event.toStatus = entry.status;
        event.actor = identity.getPrincipal().getName();
        event.actorRole = role;
        event.unitCode = entry.unitCode;
        event.reason = text.length() > 2000 ? text.substring(0, 2000) : text;
        event.persist();
    }

    private String leader() {
        return identity.getPrincipal().getName();
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock).truncatedTo(ChronoUnit.MILLIS);
    }
}

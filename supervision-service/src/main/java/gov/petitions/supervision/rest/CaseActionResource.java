package gov.petitions.supervision.rest;

import gov.petitions.platform.problem.ProblemException;
import gov.petitions.platform.security.Roles;
import gov.petitions.supervision.CaseStatus;
import gov.petitions.supervision.LedgerEntry;
import gov.petitions.supervision.service.CaseLedger;
import gov.petitions.supervision.service.CaseQueue;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/** What a responsible unit's handler does with the cases of their unit (承办). */
@Path("/cases")
@Tag(name = "Cases (units)")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class CaseActionResource {

    private final CaseLedger ledger;
    private final Caller caller;
    private final CaseQueue queue;
    private final Clock clock;

    public CaseActionResource(CaseLedger ledger, Caller caller, CaseQueue queue, Clock clock) {
        this.ledger = ledger;
        this.caller = caller;
        this.queue = queue;
        this.clock = clock;
    }

    public record Decision(@NotNull Boolean accepted, @Size(max = 2000) String reason) {
    }

    public record Extension(@NotNull @Min(1) @Max(30) Integer days, @NotBlank @Size(max = 2000) String reason) {
    }

    public record Reply(@NotBlank @Size(max = 20000) String text) {
    }

    public record EscalationRequest(@NotBlank @Size(max = 2000) String reason) {
    }

    public record CaseSummary(UUID petitionId, String trackingNumber, String status, String unitCode,
                              String categoryCode, String locationCode, OffsetDateTime registeredAt,
                              OffsetDateTime dueAt, boolean overdue, String level, boolean repeat,
                              String receivedByLeader, boolean leaderCase, String urgency, UUID leadPetitionId,
                              String leadTrackingNumber, int linkedCases) {
        static CaseSummary of(LedgerEntry e, OffsetDateTime now) {
            return of(e, now, CaseQueue.Matter.NONE);
        }

        /** matter: a member's lead, or a lead's count of members (同一事项归并); in the queue only */
        static CaseSummary of(LedgerEntry e, OffsetDateTime now, CaseQueue.Matter matter) {
            OffsetDateTime due = e.status == CaseStatus.ASSIGNED ? e.acceptanceDueAt : e.handlingDueAt;
            return new CaseSummary(e.petitionId, e.trackingNumber, e.status.name(), e.unitCode, e.categoryCode,
                    e.locationCode, e.registeredAt, due, due != null && due.isBefore(now), e.level, e.repeat,
                    e.receivedByLeader, e.leaderCase, e.urgency.name(), matter.leadPetitionId(),
                    matter.leadTrackingNumber(), matter.linkedCases());
        }
    }

    public record QueuePage(int page, int size, long total, List<CaseSummary> items) {
    }

    @GET
    @Path("queue")
    @RolesAllowed({Roles.HANDLER, Roles.SUPERVISOR, Roles.LEADER})
    @Operation(summary = "My queue: the open cases of my unit (handler) or my jurisdiction (supervisor, leader), least time left on the running clock first (sort=urgency: 特急, then 急, then 一般, each by time left); never a case that recuses me")
    public QueuePage queue(@QueryParam("status") @Pattern(regexp = "^[A-Z_]{4,24}$") String status,
                           @QueryParam("overdue") Boolean overdue,
                           @QueryParam("category") @Pattern(regexp = "^[a-z][a-z0-9-]{1,39}$") String category,
                           @QueryParam("level") @Pattern(regexp = "^(PROVINCE|CITY|COUNTY|TOWNSHIP)$") String level,
                           @QueryParam("repeat") Boolean repeat,
                           @QueryParam("leaderReceived") Boolean leaderReceived,
                           @QueryParam("urgency") @Pattern(regexp = "^(URGENT_SPECIAL|URGENT|NORMAL)$") String urgency,
                           @QueryParam("sort") @DefaultValue("time-left") @Pattern(regexp = "^(time-left|urgency)$") String sort,
                           @QueryParam("page") @DefaultValue("0") @Min(0) int page,
                           @QueryParam("size") @DefaultValue("20") @Min(1) @Max(200) int size) {
        CaseQueue.Page found = queue.page(caller.scope(),
                new CaseQueue.Filter(status, overdue, category, level, repeat, leaderReceived, urgency),
                "urgency".equals(sort) ? CaseQueue.Sort.URGENCY : CaseQueue.Sort.TIME_LEFT, page, size);
        return new QueuePage(page, size, found.total(), found.items().stream()
                .map(e -> CaseSummary.of(e, found.now(), found.matterOf(e.petitionId))).toList());
    }

    @POST
    @Path("{petitionId}/decision")
    @RolesAllowed(Roles.HANDLER)
    @Operation(summary = "Accept (受理) or decline (不予受理, reason required) within the 15 days")
    public CaseSummary decide(UUID petitionId, @Valid @NotNull Decision decision) {
        LedgerEntry entry;
        if (decision.accepted()) {
            entry = ledger.accept(petitionId, caller.scope(), caller.actor(Roles.HANDLER));
        } else {
            if (decision.reason() == null || decision.reason().isBlank()) {
                throw ProblemException.badRequest("reason-required", "Reason required",
                        "Declining a matter needs the reason the petitioner will be told");
            }
            entry = ledger.decline(petitionId, caller.scope(), caller.actor(Roles.HANDLER), decision.reason());
        }
        return CaseSummary.of(entry, OffsetDateTime.now(clock));
    }

    @POST
    @Path("{petitionId}/extension")
    @RolesAllowed(Roles.HANDLER)
    @Operation(summary = "Extend the handling deadline once, by at most 30 days, with a reason (延期)")
    public CaseSummary extend(UUID petitionId, @Valid @NotNull Extension extension) {
        return CaseSummary.of(ledger.extend(petitionId, caller.scope(), caller.actor(Roles.HANDLER),
                extension.days(), extension.reason()), OffsetDateTime.now(clock));
    }

    @POST
    @Path("{petitionId}/reply")
    @RolesAllowed(Roles.HANDLER)
    @Operation(summary = "Close the case with the written reply (办结、书面答复)")
    public CaseSummary reply(UUID petitionId, @Valid @NotNull Reply reply) {
        return CaseSummary.of(ledger.reply(petitionId, caller.scope(), caller.actor(Roles.HANDLER), reply.text()),
                OffsetDateTime.now(clock));
    }

    @POST
    @Path("{petitionId}/escalation-request")
    @RolesAllowed(Roles.HANDLER)
    @Operation(summary = "The unit cannot resolve it: ask for the case to go one level up (提级)")
    public CaseSummary requestEscalation(UUID petitionId, @Valid @NotNull EscalationRequest request) {
        return CaseSummary.of(ledger.requestEscalation(petitionId, caller.scope(), caller.actor(Roles.HANDLER),
                request.reason()), OffsetDateTime.now(clock));
    }
}

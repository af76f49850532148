package gov.petitions.supervision.rest;

import gov.petitions.platform.problem.ProblemException;
import gov.petitions.platform.security.Roles;
import gov.petitions.supervision.CaseStatus;
import gov.petitions.supervision.LedgerEntry;
import gov.petitions.supervision.service.CaseLedger;
import gov.petitions.platform.security.CallerScope;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import jakarta.annotation.security.RolesAllowed;
import jakarta.transaction.Transactional;
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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** What a responsible unit's handler does with the cases of their unit (承办). */
@Path("/cases")
@Tag(name = "Cases (units)")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class CaseActionResource {

    private final CaseLedger ledger;
    private final Caller caller;
    private final EntityManager entityManager;
    private final Clock clock;

    public CaseActionResource(CaseLedger ledger, Caller caller, EntityManager entityManager, Clock clock) {
        this.ledger = ledger;
        this.caller = caller;
        this.entityManager = entityManager;
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
                              String receivedByLeader, boolean leaderCase) {
        static CaseSummary of(LedgerEntry e, OffsetDateTime now) {
            OffsetDateTime due = e.status == CaseStatus.ASSIGNED ? e.acceptanceDueAt : e.handlingDueAt;
            return new CaseSummary(e.petitionId, e.trackingNumber, e.status.name(), e.unitCode, e.categoryCode,
                    e.locationCode, e.registeredAt, due, due != null && due.isBefore(now), e.level, e.repeat,
                    e.receivedByLeader, e.leaderCase);
        }
    }

    public record QueuePage(int page, int size, long total, List<CaseSummary> items) {
    }

    @GET
    @Path("queue")
    @RolesAllowed({Roles.HANDLER, Roles.SUPERVISOR, Roles.LEADER})
    @Transactional
    @Operation(summary = "My queue: the open cases of my unit (handler) or my jurisdiction (supervisor, leader), overdue first; never a case that recuses me")
    public QueuePage queue(@QueryParam("status") @Pattern(regexp = "^[A-Z_]{4,24}$") String status,
                           @QueryParam("overdue") Boolean overdue,
                           @QueryParam("category") @Pattern(regexp = "^[a-z][a-z0-9-]{1,39}$") String category,
                           @QueryParam("level") @Pattern(regexp = "^(PROVINCE|CITY|COUNTY|TOWNSHIP)$") String level,
                           @QueryParam("repeat") Boolean repeat,
                           @QueryParam("leaderReceived") Boolean leaderReceived,
                           @QueryParam("page") @DefaultValue("0") @Min(0) int page,
                           @QueryParam("size") @DefaultValue("20") @Min(1) @Max(200) int size) {
        // the scope and the recusal set are filtered in SQL, so no page, count or total tells of a hidden case
        StringBuilder where = new StringBuilder();
        Map<String, Object> params = new HashMap<>();
        CallerScope scope = caller.scope();
        if (scope.has(Roles.HANDLER) && !scope.has(Roles.SUPERVISOR) && !scope.has(Roles.LEADER)) {
            String unit = scope.requireUnit();
            // routing chose the unit knowing the accusation, so a case not yet known to accuse anyone shows here
            where.append("unit_code = :unit and not case_recuses(coalesce(accused_unit_codes, '{}'), :unit)");
            params.put("unit", unit);
        } else {
            String subtree = scope.subtree(); // 403 without a usable jurisdiction: never "everything"
            where.append("location_code like :subtree and accused_unit_codes is not null"
                    + " and not case_recuses(accused_unit_codes, :jurisdiction)");
            params.put("subtree", subtree + "%");
            params.put("jurisdiction", subtree);
        }
        if (status != null) {
            CaseStatus wanted;
            try {
                wanted = CaseStatus.valueOf(status);
            } catch (IllegalArgumentException e) {
                throw ProblemException.badRequest("unknown-status", "Unknown status", status + " is not a case status");
            }
            where.append(" and status = :status");
            params.put("status", wanted.name());
        } else {
            where.append(" and status in (:open)");
            params.put("open", List.of(CaseStatus.ASSIGNED.name(), CaseStatus.ACCEPTED.name(), CaseStatus.EXTENDED.name()));
        }
        if (category != null) {
            where.append(" and category_code = :category");
            params.put("category", category);
        }
        if (level != null) {
            where.append(" and level = :level");
            params.put("level", level);
        }
        if (repeat != null) {
            where.append(" and is_repeat = :repeat");
            params.put("repeat", repeat);
        }
        if (leaderReceived != null) {
            where.append(leaderReceived ? " and (received_by_leader is not null or leader_case)"
                    : " and received_by_leader is null and not leader_case");
        }
        OffsetDateTime now = OffsetDateTime.now(clock);
        String due = "(case when status = 'ASSIGNED' then acceptance_due_at else handling_due_at end)";
        if (overdue != null) {
            where.append(overdue ? " and " + due + " < :now" : " and (" + due + " >= :now or " + due + " is null)");
            params.put("now", now);
        }
        Query count = entityManager.createNativeQuery("select count(*) from ledger_entry where " + where);
        Query select = entityManager.createNativeQuery("select * from ledger_entry where " + where
                + " order by " + due + " asc nulls last, registered_at asc, petition_id", LedgerEntry.class);
        params.forEach((name, value) -> {
            count.setParameter(name, value);
            select.setParameter(name, value);
        });
        long total = ((Number) count.getSingleResult()).longValue();
        @SuppressWarnings("unchecked")
        List<LedgerEntry> found = select.setFirstResult(page * size).setMaxResults(size).getResultList();
        List<CaseSummary> items = new ArrayList<>();
        found.forEach(e -> items.add(CaseSummary.of(e, now)));
        return new QueuePage(page, size, total, items);
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

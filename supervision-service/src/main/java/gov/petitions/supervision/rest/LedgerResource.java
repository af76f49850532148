package gov.petitions.supervision.rest;

import gov.petitions.platform.security.Roles;
import gov.petitions.supervision.CaseLink;
import gov.petitions.supervision.LedgerEntry;
import gov.petitions.supervision.TimelineEvent;
import gov.petitions.supervision.service.CaseAccess;
import jakarta.annotation.security.RolesAllowed;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

@Path("/ledger")
@Tag(name = "Ledger")
@Produces(MediaType.APPLICATION_JSON)
public class LedgerResource {

    private final Caller caller;

    public LedgerResource(Caller caller) {
        this.caller = caller;
    }

    public record TimelineView(OffsetDateTime at, String fromStatus, String toStatus, String actorRole,
                               String unitCode, String reason) {
    }

    public record LedgerView(UUID petitionId, String trackingNumber, String status, String unitCode, String level,
                             String categoryCode, String locationCode, int personCount, OffsetDateTime registeredAt,
                             LocalDate receivedOn,
                             OffsetDateTime assignedAt, OffsetDateTime acceptanceDueAt,
                             OffsetDateTime handlingDueAt, Integer extendedDays, String decisionReason,
                             String replyText, OffsetDateTime repliedAt, boolean repeat, UUID repeatOf,
                             String receivedByLeader, boolean leaderCase, String urgency, String urgencySource,
                             UUID leadPetitionId, int linkedCases, List<TimelineView> timeline) {
    }

    @GET
    @Path("{petitionId}")
    @RolesAllowed({Roles.SUPERVISOR, Roles.LEADER, Roles.AUDITOR, Roles.SERVICE, Roles.CLERK, Roles.HANDLER})
    @Transactional
    @Operation(summary = "A case's ledger entry with its deadlines and timeline (台账)")
    public LedgerView get(UUID petitionId) {
        // another unit, another jurisdiction or the accused learn nothing, not even that the case exists
        LedgerEntry e = caller.visible(petitionId);
        List<TimelineView> timeline = TimelineEvent.of(petitionId).stream()
                .map(t -> new TimelineView(t.at, t.fromStatus == null ? null : t.fromStatus.name(), t.toStatus.name(),
                        t.actorRole, t.unitCode, t.reason))
                .toList();
        return new LedgerView(e.petitionId, e.trackingNumber, e.status.name(), e.unitCode, e.level, e.categoryCode,
                e.locationCode, e.personCount, e.registeredAt, e.receivedOn, e.assignedAt, e.acceptanceDueAt, e.handlingDueAt,
                e.extendedDays, e.decisionReason, e.latestAnswer(), e.repliedAt, e.repeat, e.repeatOf, e.receivedByLeader,
                e.leaderCase, e.urgency.name(), e.urgencySource, leadOf(e), CaseLink.ofLead(e.petitionId).size(), timeline);
    }

    /** The lead case a member is handled with (同一事项归并), if the caller may see it. */
    private UUID leadOf(LedgerEntry member) {
        return CaseLink.ofMember(member.petitionId).map(link -> (LedgerEntry) LedgerEntry.findById(link.leadId))
                .filter(lead -> CaseAccess.maySee(caller.scope(), lead)).map(lead -> lead.petitionId).orElse(null);
    }
}

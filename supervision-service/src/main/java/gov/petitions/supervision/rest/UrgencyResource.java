package gov.petitions.supervision.rest;

import gov.petitions.platform.security.Roles;
import gov.petitions.supervision.LedgerEntry;
import gov.petitions.supervision.Urgency;
import gov.petitions.supervision.service.CaseLedger;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.OffsetDateTime;
import java.util.UUID;

/** A supervisor sets how urgent a case is (特急 / 急 / 一般); the rules are {@link CaseLedger}'s, this translates. */
@Path("/cases")
@Tag(name = "Leaders and supervisors")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class UrgencyResource {

    private final Caller caller;
    private final CaseLedger ledger;

    public UrgencyResource(Caller caller, CaseLedger ledger) {
        this.caller = caller;
        this.ledger = ledger;
    }

    public record UrgencyChange(
            @NotNull @Pattern(regexp = "^(URGENT_SPECIAL|URGENT|NORMAL)$",
                    message = "must be one of URGENT_SPECIAL (特急), URGENT (急), NORMAL (一般)") String urgency,
            @NotBlank @Size(max = 2000) String reason) {
    }

    public record UrgencyView(UUID petitionId, String status, String urgency, String urgencySource,
                              OffsetDateTime acceptanceDueAt, OffsetDateTime handlingDueAt) {
        static UrgencyView of(LedgerEntry e) {
            return new UrgencyView(e.petitionId, e.status.name(), e.urgency.name(), e.urgencySource, e.acceptanceDueAt,
                    e.handlingDueAt);
        }
    }

    @PUT
    @Path("{petitionId}/urgency")
    @RolesAllowed(Roles.SUPERVISOR)
    @Operation(summary = "Set how urgent an open case is (特急 / 急 / 一般), with a reason: its running acceptance or handling "
            + "clock is counted again by the level's clock, never beyond the statutory one; only within the supervisor's "
            + "jurisdiction, never a case that recuses it; published as case.urgency-changed")
    public UrgencyView set(UUID petitionId, @Valid @NotNull UrgencyChange change) {
        return UrgencyView.of(ledger.setUrgency(petitionId, caller.scope(), caller.actor(Roles.SUPERVISOR),
                Urgency.valueOf(change.urgency()), change.reason()));
    }
}

package gov.petitions.routing.events;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import java.time.OffsetDateTime;
import java.util.UUID;

/** routing's view of case.escalation-requested. */
public record EscalationRequested(
        @NotNull UUID petitionId,
        @NotBlank String trackingNumber,
        @NotNull Reason reason,
        @NotBlank String fromUnitCode,
        @NotNull OffsetDateTime requestedAt,
        @Size(max = 2000) String note) {

    public static final String TYPE = "gov.petition.case.escalation-requested.v1";

    public enum Reason { DEADLINE_BREACHED, CANNOT_RESOLVE, REVIEW_REQUESTED, RE_REVIEW_REQUESTED, LEADER_INSTRUCTION }
}

package gov.petitions.intake.events;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import java.time.OffsetDateTime;
import java.util.UUID;

/** intake's view of routing's case.assigned: only what search needs, the unit now responsible and which assignment. */
public record CaseAssigned(
        @NotNull UUID petitionId,
        @Min(1) int sequence,
        @NotNull @Valid UnitRef unit,
        @NotNull OffsetDateTime assignedAt) {

    public static final String TYPE = "gov.petition.case.assigned.v1";

    public record UnitRef(@NotBlank @Pattern(regexp = "^[A-Z0-9][A-Z0-9-]{1,63}$") String code) {
    }
}

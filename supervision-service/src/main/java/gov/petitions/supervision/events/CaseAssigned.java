package gov.petitions.supervision.events;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import java.time.OffsetDateTime;
import java.util.UUID;

/** supervision's view of case.assigned. */
public record CaseAssigned(
        @NotNull UUID petitionId,
        @NotNull UUID assignmentId,
        @NotBlank @Pattern(regexp = "^XF[0-9]{14}([0-9]{3})?$") String trackingNumber,
        @Min(1) int sequence,
        @NotBlank @Pattern(regexp = "^(TOWNSHIP|COUNTY|CITY|PROVINCE)$") String level,
        @NotNull @Valid UnitRef unit,
        @NotBlank String reason,
        @NotBlank String categoryCode,
        @NotBlank String locationCode,
        @NotNull OffsetDateTime registeredAt,
        @NotNull OffsetDateTime assignedAt) {

    public static final String TYPE = "gov.petition.case.assigned.v1";

    public record UnitRef(@NotBlank String code, @NotBlank String name) {
    }
}

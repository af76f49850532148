package gov.petitions.routing.events;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/** routing's view of petition.registered: only what it needs to pick a unit. */
public record PetitionRegistered(
        @NotNull UUID petitionId,
        @NotBlank @Pattern(regexp = "^XF[0-9]{14}([0-9]{3})?$") String trackingNumber,
        @NotBlank @Pattern(regexp = "^[a-z][a-z0-9-]{1,39}$") String categoryCode,
        // any province's county or township: whether it is this deployment's is the router's decision (see RoutingDecision)
        @NotBlank @Pattern(regexp = "^[1-9][0-9]{5}([0-9]{3})?$") String locationCode,
        @Min(1) int personCount,
        @NotNull OffsetDateTime registeredAt,
        @Size(max = 20) List<@Pattern(regexp = "^[A-Z0-9][A-Z0-9-]{1,63}$") String> accusedUnitCodes) {

    public static final String TYPE = "gov.petition.petition.registered.v1";
}

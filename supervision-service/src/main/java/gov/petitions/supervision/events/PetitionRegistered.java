package gov.petitions.supervision.events;

import gov.petitions.platform.province.InProvince;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/** supervision's view of petition.registered: the matter enters the ledger the moment it is registered. */
public record PetitionRegistered(
        @NotNull UUID petitionId,
        @NotBlank @Pattern(regexp = "^XF[0-9]{14}([0-9]{3})?$") String trackingNumber,
        @NotBlank String categoryCode,
        // a county's or a township's code, of the deployment's province (petitions.province.code)
        @NotBlank @Pattern(regexp = InProvince.PLACE) @InProvince String locationCode,
        @NotBlank @Pattern(regexp = "^(WALK_IN|LETTER|ONLINE|HOTLINE)$") String channel,
        @Min(1) int personCount,
        @NotNull OffsetDateTime registeredAt,
        @Min(0) Integer priorPetitions,
        UUID repeatOf,
        @jakarta.validation.constraints.Size(max = 100) String receivedByLeader,
        @jakarta.validation.constraints.Size(max = 20)
        List<@NotBlank @Pattern(regexp = "^[A-Z0-9][A-Z0-9-]{1,63}$") String> accusedUnitCodes,
        /* for a letter, the day it was received (China's date): its clocks count from it; absent for other channels */
        LocalDate receivedOn) {

    public static final String TYPE = "gov.petition.petition.registered.v1";
}

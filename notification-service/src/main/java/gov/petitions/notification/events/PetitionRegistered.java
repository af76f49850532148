package gov.petitions.notification.events;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/** notification's view of petition.registered: enough to send the receipt (受理告知). */
public record PetitionRegistered(
        @NotNull UUID petitionId,
        @NotBlank @Pattern(regexp = "^XF[0-9]{14}([0-9]{3})?$") String trackingNumber,
        @NotNull UUID petitionerRef,
        @NotNull OffsetDateTime registeredAt,
        // where the matter is and whom it accuses: who may read its messages and print its letters
        String locationCode,
        List<String> accusedUnitCodes) {

    public static final String TYPE = "gov.petition.petition.registered.v1";
}

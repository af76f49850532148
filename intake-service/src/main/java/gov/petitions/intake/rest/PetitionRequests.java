package gov.petitions.intake.rest;

import gov.petitions.intake.Channel;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** The bodies callers send. Only the format is checked here; whether a matter is "acceptable" is never intake's call. */
public final class PetitionRequests {

    static final String CATEGORY = "^[a-z][a-z0-9-]{1,39}$";
    static final String LOCATION = "^34[0-9]{4}([0-9]{3})?$";
    static final String PHONE = "^(1[3-9][0-9]{9}|0[0-9]{2,3}-?[0-9]{7,8})$";

    private PetitionRequests() {
    }

    public record PetitionerDetails(
            @NotBlank @Size(max = 100) String name,
            @NotBlank @Pattern(regexp = PHONE, message = "must be a mainland mobile (11 digits) or landline number") String phone) {
    }

    /** Registered by a clerk: walk-in, letter or hotline (online petitions come through the public endpoint). */
    public record RegisterPetition(
            @NotNull Channel channel,
            @NotBlank @Pattern(regexp = CATEGORY, message = "must be a category code such as labour-wages") String categoryCode,
            @NotBlank @Pattern(regexp = LOCATION, message = "must be an Anhui county (6 digits) or township (9 digits) code") String locationCode,
            @NotBlank @Size(max = 500) String summary,
            @Size(max = 20000) String content,
            @Min(1) @Max(10000) Integer personCount,
            @NotNull @Valid PetitionerDetails petitioner) {
    }

    /** Submitted by the citizen online, no login (网上信访). */
    public record OnlinePetition(
            @NotBlank @Pattern(regexp = CATEGORY, message = "must be a category code such as labour-wages") String categoryCode,
            @NotBlank @Pattern(regexp = LOCATION, message = "must be an Anhui county (6 digits) or township (9 digits) code") String locationCode,
            @NotBlank @Size(max = 500) String summary,
            @Size(max = 20000) String content,
            @NotNull @Valid PetitionerDetails petitioner) {
    }

    public record EvaluationRequest(
            @NotBlank @Pattern(regexp = "^XF[0-9]{14}$", message = "must be a tracking number such as XF20261126000001") String trackingNumber,
            @NotBlank @Pattern(regexp = "^[A-Za-z0-9]{8}$", message = "must be the 8-character query code") String queryCode,
            @NotNull Boolean satisfied,
            @Size(max = 2000) String comment) {
    }

    public record ReviewRequest(
            @NotBlank @Pattern(regexp = "^XF[0-9]{14}$", message = "must be a tracking number such as XF20261126000001") String trackingNumber,
            @NotBlank @Pattern(regexp = "^[A-Za-z0-9]{8}$", message = "must be the 8-character query code") String queryCode,
            @NotBlank @Size(max = 2000) String reason) {
    }

    public record StatusLookup(
            @NotBlank @Pattern(regexp = "^XF[0-9]{14}$", message = "must be a tracking number such as XF20261126000001") String trackingNumber,
            @NotBlank @Pattern(regexp = "^[A-Za-z0-9]{8}$", message = "must be the 8-character query code") String queryCode) {
    }
}

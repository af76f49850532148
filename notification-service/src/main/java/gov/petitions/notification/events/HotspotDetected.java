package gov.petitions.notification.events;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * notification's view of hotspot.detected (热点预警): enough to alert the jurisdiction's supervisors and leader, and
 * whom the petitions behind it accuse (accusedUnitCodes, the recusal set), so the alert never reaches the accused.
 * A set that breaks the contract makes the record poison rather than read as "no one accused".
 */
public record HotspotDetected(@NotNull UUID hotspotId,
                              @NotNull Status status,
                              @Min(1) int sequence,
                              @NotBlank @Pattern(regexp = "^[1-9][0-9]{5}$") String countyCode,
                              @NotBlank String placeCode,
                              @NotBlank String placeLevel,
                              @NotBlank String categoryCode,
                              String targetLabel,
                              @Size(max = 20) List<@NotNull @Pattern(regexp = "^[A-Z0-9][A-Z0-9-]{1,63}$") String> accusedUnitCodes,
                              @NotNull OffsetDateTime updatedAt,
                              @Min(0) int petitionCount,
                              @Min(0) int personCount,
                              List<@Valid Reason> reasons) {

    public static final String TYPE = "gov.petition.hotspot.detected.v1";

    /** Found, grown since it was told, or subsided. */
    public enum Status { DETECTED, GROWING, RESOLVED }

    public record Reason(@NotBlank String rule, String window, String explanation) {
    }
}

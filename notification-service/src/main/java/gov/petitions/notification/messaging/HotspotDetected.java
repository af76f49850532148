package gov.petitions.notification.messaging;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/** notification's view of hotspot.detected (热点预警): enough to alert the jurisdiction's supervisors and leader. */
public record HotspotDetected(@NotNull UUID hotspotId,
                              @NotBlank @Pattern(regexp = "DETECTED|GROWING|RESOLVED") String status,
                              @Min(1) int sequence,
                              @NotBlank @Pattern(regexp = "^34[0-9]{4}$") String countyCode,
                              @NotBlank String placeCode,
                              @NotBlank String placeLevel,
                              @NotBlank String categoryCode,
                              String targetLabel,
                              @NotNull OffsetDateTime updatedAt,
                              @Min(0) int petitionCount,
                              @Min(0) int personCount,
                              List<@Valid Reason> reasons) {

    public static final String TYPE = "gov.petition.hotspot.detected.v1";

    public record Reason(@NotBlank String rule, String window, String explanation) {
    }
}

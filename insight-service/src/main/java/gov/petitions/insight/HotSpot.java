package gov.petitions.insight;

import java.util.List;

/**
 * A hot spot (热点): one cell — a place (county or township) × a category, optionally × an accused
 * target — where the rule holds, from detection until it subsides. Kept in the detector's state store
 * with its history, and the body of every hotspot.detected event and REST answer.
 *
 * @param cellKey     {@code county|category|place|target} (target empty when none); the same key as the
 *                    windowed counts, so the charts of a hot spot are one key lookup
 * @param accusedUnitCodes the recusal set: the accused units of every petition that has stood behind it, bounded
 *                    ({@link gov.petitions.insight.service.AccusedUnits}); whoever it recuses is not shown the hot spot
 * @param petitionIds the petitions behind it now (the longest firing window and the group petitions), oldest first
 */
public record HotSpot(String hotspotId, String cellKey, Status status, int sequence, String countyCode,
                      String placeCode, PlaceLevel placeLevel, String categoryCode, String target, String targetLabel,
                      List<String> accusedUnitCodes, long detectedAt, long updatedAt, Long resolvedAt, int petitionCount, int personCount,
                      List<String> petitionIds, List<WindowFigures> windows, List<Reason> reasons,
                      int emittedPetitionCount, List<Step> history) {

    public HotSpot {
        // hot spots stored before the field existed: none known
        accusedUnitCodes = accusedUnitCodes == null ? List.of() : List.copyOf(accusedUnitCodes);
    }

    /** Whether a caller working in {@code jurisdiction} is inside the recusal set, as for a single case. */
    public boolean recuses(String jurisdiction) {
        return gov.petitions.platform.security.CaseScope.of(placeCode, null, accusedUnitCodes).recuses(jurisdiction);
    }

    public enum Status { DETECTED, GROWING, RESOLVED }

    public enum PlaceLevel { COUNTY, TOWNSHIP }

    public enum Rule { SURGE, GROUP_PETITION }

    /** One window of the rule, evaluated: the numbers a leader can check by hand. */
    public record WindowFigures(String window, String size, int petitions, int persons, String baseline,
                                int baselinePetitions, double expectedPetitions, double threshold, boolean judged,
                                boolean surge) {
    }

    /** Why the cell is hot, in a sentence built from the figures. */
    public record Reason(Rule rule, String window, String explanation) {
    }

    /** One published state of the hot spot. */
    public record Step(int sequence, Status status, long at, int petitionCount, int personCount, List<Reason> reasons) {
    }

    public boolean active() {
        return status != Status.RESOLVED;
    }
}

package gov.petitions.insight.domain;

import java.util.List;

/** One petition as the detector remembers it, under its county × category, for the windows and the baseline. */
public record Observation(String petitionId, String townshipCode, int personCount, long at, List<String> targets,
                          List<String> targetLabels, List<String> accusedUnitCodes) {

    public Observation {
        // observations stored before the field existed accuse no one that we know of
        accusedUnitCodes = accusedUnitCodes == null ? List.of() : List.copyOf(accusedUnitCodes);
    }
}

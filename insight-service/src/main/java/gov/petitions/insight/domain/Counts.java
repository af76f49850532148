package gov.petitions.insight.domain;

import java.util.List;

/**
 * Petitions (批次) and persons (人次) of one cell in one window, and for an accused-target cell the recusal set of
 * those petitions (bounded, see {@link gov.petitions.insight.service.AccusedUnits}): a chart of the petitions against
 * a unit is not for that unit. Counted from the observations when a chart asks ({@link CellCounts}).
 */
public record Counts(long petitions, long persons, List<String> accusedUnitCodes) {

    public static final Counts ZERO = new Counts(0, 0);

    public Counts {
        accusedUnitCodes = accusedUnitCodes == null ? List.of() : List.copyOf(accusedUnitCodes);
    }

    public Counts(long petitions, long persons) {
        this(petitions, persons, List.of());
    }
}

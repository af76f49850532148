package gov.petitions.insight.domain;

/**
 * The detector's state stores and the keys of their cells: the topology writes them, the queries read them (on this
 * replica or another), so both take the names and the key layout from here.
 *
 * <p>A cell is county|category|place|target: the county × category first, the key the observations are partitioned
 * by, so every cell of one county × category lives on one task; the place is the county or one of its townships;
 * the target is empty for a place cell.
 */
public final class HotSpotStores {

    /** Every petition under its county × category ({@link Observation}): the detector's memory and the charts' counts. */
    public static final String OBSERVATIONS = "observations";
    /** Every hot spot by id, with its history ({@link gov.petitions.insight.HotSpot}). */
    public static final String HOTSPOTS = "hotspots";
    /** The open hot spot of a cell, by cell. */
    public static final String ACTIVE = "active-hotspots";
    /** When this task first saw a petition: a baseline counts only the period the detector has watched. */
    public static final String WATCHING = "watching-since";

    private HotSpotStores() {
    }

    public static String cellKey(String placeCode, String categoryCode, String target) {
        return placeCode.substring(0, 6) + "|" + categoryCode + "|" + placeCode + "|" + (target == null ? "" : target);
    }

    /** The county × category a cell belongs to: the key its counts are partitioned by. */
    public static String placeCategoryOf(String cell) {
        return cell.substring(0, cell.indexOf('|', cell.indexOf('|') + 1));
    }
}

package gov.petitions.routing;

/** Administrative levels, lowest first; escalation (提级) moves one step up this list. */
public enum Level {
    TOWNSHIP, COUNTY, CITY, PROVINCE;

    public boolean isAbove(Level other) {
        return ordinal() > other.ordinal();
    }
}

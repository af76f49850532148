package gov.petitions.insight.messaging;

import java.util.List;

/**
 * insight's view of petition.registered: where, what about, against whom, how many people. The
 * targets are the accused units or companies by their normalised names, with the spelling as written
 * beside them for display.
 */
public record Petition(String petitionId, String categoryCode, String countyCode, String townshipCode,
                       int personCount, long registeredAt, List<String> targets, List<String> targetLabels) {

    public static final String TYPE = "gov.petition.petition.registered.v1";

    /** Record key of the detector's repartition: every cell of one county × category meets on one task. */
    public String placeCategory() {
        return countyCode + "|" + categoryCode;
    }
}

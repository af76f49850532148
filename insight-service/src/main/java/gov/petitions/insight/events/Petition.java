package gov.petitions.insight.events;

import gov.petitions.insight.domain.Observation;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/**
 * insight's view of petition.registered: where, what about, against whom, how many people. The
 * targets are the accused units or companies by their normalised names, with the spelling as written
 * beside them for display; the accused unit codes are the petition's recusal set (回避), which every
 * hot spot and count it falls into inherits. The trace context is the one insight read it in
 * ({@link Observation#traceParent()}), carried across the repartition to the detector.
 */
public record Petition(String petitionId, String categoryCode, String countyCode, String townshipCode,
                       int personCount, long registeredAt, List<String> targets, List<String> targetLabels,
                       List<String> accusedUnitCodes, @JsonInclude(JsonInclude.Include.NON_NULL) String traceParent,
                       @JsonInclude(JsonInclude.Include.NON_NULL) String traceState) {

    public Petition {
        // records of the repartition topic written before the field existed carry none
        accusedUnitCodes = accusedUnitCodes == null ? List.of() : List.copyOf(accusedUnitCodes);
    }

    public static final String TYPE = "gov.petition.petition.registered.v1";

    /** The same petition, read in the trace context {@code traceParent} (null: none). */
    public Petition traced(String traceParent, String traceState) {
        return new Petition(petitionId, categoryCode, countyCode, townshipCode, personCount, registeredAt, targets,
                targetLabels, accusedUnitCodes, traceParent, traceParent == null ? null : traceState);
    }

    /** Record key of the detector's repartition: every cell of one county × category meets on one task. */
    public String placeCategory() {
        return countyCode + "|" + categoryCode;
    }

    /** What the detector remembers of it. */
    public Observation observation() {
        return new Observation(petitionId, townshipCode, personCount, registeredAt, targets, targetLabels,
                accusedUnitCodes, traceParent, traceState);
    }
}

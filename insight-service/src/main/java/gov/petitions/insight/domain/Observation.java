package gov.petitions.insight.domain;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/**
 * One petition as the detector remembers it, under its county × category, for the windows and the baseline.
 *
 * @param traceParent the W3C trace context of the petition as insight read it (its consumer span, or the record's own
 *                    {@code traceparent} with tracing off), null when it came without one: the hot spot it tips is
 *                    traced from it, and the others behind a hot spot are linked (docs/tracing.md)
 * @param traceState  the vendors' part of it, may be null
 *                    (both left out of the stored JSON when null: every petition is kept for weeks, most untraced)
 */
public record Observation(String petitionId, String townshipCode, int personCount, long at, List<String> targets,
                          List<String> targetLabels, List<String> accusedUnitCodes,
                          @JsonInclude(JsonInclude.Include.NON_NULL) String traceParent,
                          @JsonInclude(JsonInclude.Include.NON_NULL) String traceState) {

    public Observation {
        // observations stored before the field existed accuse no one that we know of
        accusedUnitCodes = accusedUnitCodes == null ? List.of() : List.copyOf(accusedUnitCodes);
    }

    /** A petition read outside any trace. */
    public Observation(String petitionId, String townshipCode, int personCount, long at, List<String> targets,
                       List<String> targetLabels, List<String> accusedUnitCodes) {
        this(petitionId, townshipCode, personCount, at, targets, targetLabels, accusedUnitCodes, null, null);
    }
}

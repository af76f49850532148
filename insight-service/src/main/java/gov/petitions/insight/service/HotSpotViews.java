package gov.petitions.insight.service;

import gov.petitions.insight.HotSpot;
import gov.petitions.insight.events.HotSpotDetected;

import java.util.List;

/** What REST answers; the same JSON whether this replica or another one holds the state. */
public final class HotSpotViews {

    private HotSpotViews() {
    }

    /** A hot spot as its last event showed it, with every step it went through. */
    public record HotSpotView(HotSpotDetected hotspot, List<StepView> history) {

        public static HotSpotView of(HotSpot h) {
            return new HotSpotView(HotSpotDetected.of(h), h.history().stream()
                    .map(s -> new StepView(s.sequence(), s.status(), HotSpotDetected.time(s.at()), s.petitionCount(),
                            s.personCount(), s.reasons()))
                    .toList());
        }
    }

    public record StepView(int sequence, HotSpot.Status status, String at, int petitionCount, int personCount,
                           List<HotSpot.Reason> reasons) {
    }

    /** Counts of one cell per window, for a chart. */
    public record Series(String placeCode, String categoryCode, String target, String window, String size,
                         String from, String to, List<Point> points) {
    }

    public record Point(String start, String end, long petitions, long persons) {
    }
}

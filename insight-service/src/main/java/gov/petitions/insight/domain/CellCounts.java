package gov.petitions.insight.domain;

import gov.petitions.insight.service.AccusedUnits;
import gov.petitions.insight.service.SurgeRule;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The counts behind the charts, read from the surge detector's observations when a chart asks: every petition of a
 * county × category is already there, with its township, targets, persons and accused units, for the detector's
 * look-back (and at least the charts' retention). Windowed count stores kept beside them held the same petitions
 * again, and cost a changelog record per cell and window for every petition (a 7-day window moving by a day: seven);
 * a chart reads at most some weeks of one county × category, what the detector itself reads for every petition.
 *
 * <p>The windows are those of the charts: hourly and daily buckets, and a longer total moving by a day, all on the
 * China grid ({@link ChinaDayWindows}); a window is listed when it holds any petition of the cell.
 */
public final class CellCounts {

    private static final Duration DAY = Duration.ofDays(1);

    private CellCounts() {
    }

    /** One point of a chart: a window's start and its counts. */
    public record Window(long start, Counts counts) {
    }

    /** A chart's window: up to a day long it tumbles, longer it moves by a day. */
    public static ChinaDayWindows windows(Duration size) {
        Duration advance = size.compareTo(DAY) > 0 ? DAY : size;
        return ChinaDayWindows.of(size, advance, Duration.ZERO, ChinaDayWindows.CHINA);
    }

    /** How long the observations must be kept for the charts, the detector and the redeliveries. */
    public static Duration observed(SurgeRule rule, Duration seriesRetention, Duration dedupRetention) {
        Duration longest = rule.lookBack().plus(DAY);
        for (Duration d : List.of(seriesRetention, dedupRetention)) {
            longest = d.compareTo(longest) > 0 ? d : longest;
        }
        return longest;
    }

    /**
     * The windows of one cell ({@link HotSpotStores#cellKey}) starting in [from, to], with their counts. An
     * accused-target cell keeps whom its petitions accuse; a place cell names no one (as the detector's own cells).
     */
    public static List<Window> read(ReadOnlyWindowStore<String, Observation> observations, Duration size, String cell,
                                    Instant from, Instant to, AccusedUnits accusedUnits) {
        String[] parts = cell.split("\\|", -1);
        String place = parts[2];
        String target = parts[3];
        boolean township = place.length() == 9;
        ChinaDayWindows windows = windows(size);
        TreeMap<Long, Counts> counts = new TreeMap<>();
        try (WindowStoreIterator<Observation> it = observations.fetch(HotSpotStores.placeCategoryOf(cell), from,
                to.plus(size).minusMillis(1))) {
            while (it.hasNext()) {
                Observation o = it.next().value;
                boolean member = !target.isEmpty() ? o.targets().contains(target)
                        : !township || place.equals(o.townshipCode());
                if (!member) {
                    continue;
                }
                List<String> accused = target.isEmpty() ? List.of() : o.accusedUnitCodes();
                for (Long start : windows.windowsFor(o.at()).keySet()) {
                    if (start >= from.toEpochMilli() && start <= to.toEpochMilli()) {
                        Counts c = counts.getOrDefault(start, Counts.ZERO);
                        counts.put(start, new Counts(c.petitions() + 1, c.persons() + o.personCount(),
                                accused.isEmpty() ? c.accusedUnitCodes() : accusedUnits.union(c.accusedUnitCodes(), accused)));
                    }
                }
            }
        }
        return counts.entrySet().stream().map(e -> new Window(e.getKey(), e.getValue())).toList();
    }

    /** For tests and tools: every window's counts of a cell, by start. */
    public static Map<Long, Counts> byStart(List<Window> windows) {
        Map<Long, Counts> map = new TreeMap<>();
        windows.forEach(w -> map.put(w.start(), w.counts()));
        return map;
    }
}

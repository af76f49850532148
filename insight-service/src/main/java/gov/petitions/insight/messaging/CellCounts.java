package gov.petitions.insight.messaging;

import gov.petitions.insight.service.AccusedUnits;
import gov.petitions.insight.service.SurgeRule;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The windowed counts behind the charts, kept where the surge detector runs: after the one repartition by county ×
 * category, since every cell of a petition ({@code county|category|place|target}) belongs to its county × category.
 * Counting before the detector on the same task is what lets insight repartition once instead of twice.
 *
 * <p>Only buckets are stored: a tumbling store per window of at most a day (hour, day), and a longer window (the
 * 7-day total moving by a day) is read as the sum of its day buckets ({@link #read}). A 7-day store written per
 * petition cost seven changelog records per cell, more than all the rest of insight together; its totals were
 * the day buckets' sums all along.
 *
 * <p>Redeliveries are dropped here too (the outbox publishes at least once): a petition already among the
 * detector's observations of its county × category, at its registration time, has been counted.
 */
public final class CellCounts implements Processor<String, Petition, String, Petition> {

    private static final Duration DAY = Duration.ofDays(1);
    /** How late a petition may come and still be counted in a closed bucket (as the windowed aggregation before). */
    static final Duration GRACE = DAY;
    /** The store of day buckets when no window of the rule is exactly a day long. */
    static final String DAYS_STORE = HotSpotTopology.COUNTS_STORE_PREFIX + "days";

    /** A store of buckets: its name, and the bucket's length (windows of that length, tumbling on the China grid). */
    public record Buckets(String store, Duration size, Duration retention) {
        ChinaDayWindows windows() {
            return ChinaDayWindows.of(size, size, GRACE, HotSpotDetected.CHINA);
        }
    }

    /** Where a chart window's counts come from: the buckets it reads, and its own length. */
    public record Source(Buckets buckets, Duration size) {
        boolean derived() {
            return !size.equals(buckets.size());
        }
    }

    private final List<Buckets> buckets;
    private final AccusedUnits accusedUnits;
    private ProcessorContext<String, Petition> context;
    private WindowStore<String, Observation> observations;
    private final Map<String, WindowStore<String, Counts>> stores = new LinkedHashMap<>();

    CellCounts(List<Buckets> buckets, AccusedUnits accusedUnits) {
        this.buckets = buckets;
        this.accusedUnits = accusedUnits;
    }

    /** The bucket stores of a rule: one per window of at most a day, and day buckets for the longer ones. */
    static List<Buckets> buckets(SurgeRule rule, Duration seriesRetention) {
        return sources(rule, seriesRetention).values().stream().map(Source::buckets).distinct().toList();
    }

    /** Every window of the rule, by name, with where its counts come from. */
    public static Map<String, Source> sources(SurgeRule rule, Duration seriesRetention) {
        Map<String, Duration> retention = new TreeMap<>();
        Map<String, Duration> bucketSize = new TreeMap<>();
        String dayStore = rule.windows().stream().filter(w -> w.size().equals(DAY)).findFirst()
                .map(w -> HotSpotTopology.COUNTS_STORE_PREFIX + w.name()).orElse(DAYS_STORE);
        Map<String, String> storeOf = new LinkedHashMap<>();
        for (SurgeRule.WindowRule w : rule.windows()) {
            String store;
            if (w.size().compareTo(DAY) <= 0) {
                store = HotSpotTopology.COUNTS_STORE_PREFIX + w.name();
                bucketSize.put(store, w.size());
            } else {
                if (w.size().toMillis() % DAY.toMillis() != 0) {
                    throw new IllegalStateException("insight.rule." + w.name() + ".size: a window longer than a day"
                            + " must be whole days (it is read from day buckets), not " + w.size());
                }
                store = dayStore;
                bucketSize.put(store, DAY);
            }
            storeOf.put(w.name(), store);
            // a window's whole length must still be there after a day, and the charts' retention at least
            Duration needed = w.size().plus(DAY).compareTo(seriesRetention) > 0 ? w.size().plus(DAY) : seriesRetention;
            retention.merge(store, needed, (a, b) -> a.compareTo(b) >= 0 ? a : b);
        }
        Map<String, Buckets> made = new LinkedHashMap<>();
        storeOf.values().forEach(s -> made.computeIfAbsent(s, n -> new Buckets(n, bucketSize.get(n), retention.get(n))));
        Map<String, Source> sources = new LinkedHashMap<>();
        for (SurgeRule.WindowRule w : rule.windows()) {
            sources.put(w.name(), new Source(made.get(storeOf.get(w.name())), w.size()));
        }
        return sources;
    }

    @Override
    public void init(ProcessorContext<String, Petition> context) {
        this.context = context;
        this.observations = context.getStateStore(HotSpotTopology.OBSERVATIONS_STORE);
        buckets.forEach(b -> stores.put(b.store(), context.getStateStore(b.store())));
    }

    @Override
    public void process(Record<String, Petition> record) {
        Petition petition = record.value();
        if (alreadyObserved(petition)) {
            return;
        }
        // a bucket closes a grace period after its end, in stream time, as the windowed aggregation did
        long closed = Math.max(context.currentStreamTimeMs(), petition.registeredAt()) - GRACE.toMillis();
        for (String cell : HotSpotTopology.cells(petition)) {
            CellHit hit = HotSpotTopology.hit(cell, petition);
            for (Buckets b : buckets) {
                WindowStore<String, Counts> store = stores.get(b.store());
                for (long start : b.windows().windowsFor(petition.registeredAt()).keySet()) {
                    if (start + b.size().toMillis() <= closed) {
                        continue;
                    }
                    Counts current = store.fetch(cell, start);
                    store.put(cell, (current == null ? Counts.ZERO : current).add(hit, accusedUnits), start);
                }
            }
        }
        context.forward(record);
    }

    private boolean alreadyObserved(Petition petition) {
        long at = petition.registeredAt();
        try (WindowStoreIterator<Observation> it = observations.fetch(petition.placeCategory(), at, at)) {
            while (it.hasNext()) {
                if (it.next().value.petitionId().equals(petition.petitionId())) {
                    return true;
                }
            }
        }
        return false;
    }

    /** One point of a chart: a window's start and its counts. */
    public record Window(long start, Counts counts) {
    }

    /**
     * The windows of one cell starting in [from, to], with their counts: a bucket store's own windows, or for a
     * longer window (whole days moving by a day) the sum of the day buckets it covers, for every start whose
     * window holds any petition (the windows a hopping aggregation would have made).
     */
    public static List<Window> read(ReadOnlyWindowStore<String, Counts> store, Source source, String cell, Instant from,
                             Instant to, AccusedUnits accusedUnits) {
        Map<Long, Counts> buckets = new TreeMap<>();
        Duration reach = source.derived() ? source.size().minus(source.buckets().size()) : Duration.ZERO;
        // a window starting at s sums the buckets from s up to s + its length: those of windows starting by 'to' too
        try (WindowStoreIterator<Counts> it = store.fetch(cell, from, to.plus(reach))) {
            it.forEachRemaining(kv -> buckets.put(kv.key, kv.value));
        }
        if (!source.derived()) {
            return buckets.entrySet().stream().map(e -> new Window(e.getKey(), e.getValue())).toList();
        }
        long step = source.buckets().size().toMillis();
        long size = source.size().toMillis();
        TreeMap<Long, Counts> windows = new TreeMap<>();
        for (Map.Entry<Long, Counts> bucket : buckets.entrySet()) {
            for (long start = bucket.getKey(); start > bucket.getKey() - size; start -= step) {
                if (start >= from.toEpochMilli() && start <= to.toEpochMilli()) {
                    Counts sum = windows.getOrDefault(start, Counts.ZERO);
                    Counts b = bucket.getValue();
                    windows.put(start, new Counts(sum.petitions() + b.petitions(), sum.persons() + b.persons(),
                            accusedUnits.union(sum.accusedUnitCodes(), b.accusedUnitCodes())));
                }
            }
        }
        return windows.entrySet().stream().map(e -> new Window(e.getKey(), e.getValue())).toList();
    }
}

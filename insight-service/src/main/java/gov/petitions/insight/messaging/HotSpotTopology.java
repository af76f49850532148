package gov.petitions.insight.messaging;

import gov.petitions.insight.HotSpot;
import gov.petitions.insight.config.InsightConfig;
import gov.petitions.insight.service.AccusedUnits;
import gov.petitions.insight.service.RuleSettings;
import gov.petitions.insight.service.SurgeRule;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KGroupedStream;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.WindowBytesStoreSupplier;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * petition.registered → (poison → insight-service.dlq) → windowed counts per cell for the charts, and
 * the surge detector per county × category → hotspot.detected.
 */
@ApplicationScoped
public class HotSpotTopology {

    public static final String PETITION_REGISTERED = "petition.registered";
    public static final String HOTSPOT_DETECTED = "hotspot.detected";
    public static final String DEAD_LETTERS = "insight-service.dlq";

    static final String SEEN_STORE = "seen-petitions";
    public static final String OBSERVATIONS_STORE = "observations";
    public static final String HOTSPOTS_STORE = "hotspots";
    static final String ACTIVE_STORE = "active-hotspots";
    static final String WATCHING_STORE = "watching-since";
    /** Windowed counts per cell: counts-hour, counts-day, counts-week. */
    public static final String COUNTS_STORE_PREFIX = "counts-";

    /** Charts: hourly and daily buckets, and a 7-day total moving by a day. */
    public record SeriesWindow(String name, Duration size, Duration advance) {
    }

    @Produces
    public Topology topology(InsightConfig config, RuleSettings rules, AccusedUnits accusedUnits) {
        return build(rules, config.seriesRetention(), config.dedupRetention(),
                config.evaluationInterval(), config.historyRetention(), true, accusedUnits);
    }

    /** The province's bounded recusal sets: its code from the one province setting, as every service reads it. */
    @Produces
    @ApplicationScoped
    AccusedUnits accusedUnits(@ConfigProperty(name = "petitions.province.code",
            defaultValue = AccusedUnits.DEFAULT_PROVINCE) String provinceCode) {
        return new AccusedUnits(provinceCode);
    }

    public static List<SeriesWindow> seriesWindows(SurgeRule rule) {
        List<SeriesWindow> windows = new ArrayList<>();
        for (SurgeRule.WindowRule w : rule.windows()) {
            Duration advance = w.size().compareTo(Duration.ofDays(1)) > 0 ? Duration.ofDays(1) : w.size();
            windows.add(new SeriesWindow(w.name(), w.size(), advance));
        }
        return windows;
    }

    public static Topology build(Supplier<SurgeRule> rules, Duration seriesRetention,
                                 Duration dedupRetention, Duration evaluationInterval, Duration historyRetention,
                                 boolean persistent, AccusedUnits accusedUnits) {
        SurgeRule rule = rules.get();
        StreamsBuilder builder = new StreamsBuilder();
        Serde<Petition> petitionSerde = new JsonSerde<>(Petition.class);

        builder.addStateStore(Stores.windowStoreBuilder(
                windowStore(persistent, SEEN_STORE, dedupRetention, false),
                Serdes.String(), Serdes.Long()));
        // the look-back is fixed when the stores are made: the thresholds may change at runtime, the lengths not
        Duration lookBack = rule.lookBack().plus(Duration.ofDays(1));
        builder.addStateStore(Stores.windowStoreBuilder(
                windowStore(persistent, OBSERVATIONS_STORE, lookBack, true),
                Serdes.String(), new JsonSerde<>(Observation.class)));
        builder.addStateStore(Stores.keyValueStoreBuilder(keyValueStore(persistent, HOTSPOTS_STORE),
                Serdes.String(), new JsonSerde<>(HotSpot.class)));
        builder.addStateStore(Stores.keyValueStoreBuilder(keyValueStore(persistent, ACTIVE_STORE),
                Serdes.String(), Serdes.String()));
        builder.addStateStore(Stores.keyValueStoreBuilder(keyValueStore(persistent, WATCHING_STORE),
                Serdes.String(), Serdes.Long()));

        KStream<String, PetitionIntake.Outcome> read = builder
                .stream(PETITION_REGISTERED, Consumed.with(Serdes.String(), Serdes.String()).withName("petition-registered"))
                .process(() -> new PetitionIntake(dedupRetention), Named.as("read-petition"), SEEN_STORE);

        KStream<String, Petition>[] petitions = new KStream[1];
        read.split(Named.as("intake-"))
                .branch((key, outcome) -> outcome.petition() == null, Branched.withConsumer(poison -> poison
                        .mapValues(PetitionIntake.Outcome::original, Named.as("original-value"))
                        .to(DEAD_LETTERS, Produced.with(Serdes.String(), Serdes.String()).withName("dead-letters")), "poison"))
                .defaultBranch(Branched.withConsumer(ok -> petitions[0] = ok.mapValues(PetitionIntake.Outcome::petition,
                        Named.as("petition")), "ok"));

        // every cell a petition counts in, for the charts
        KGroupedStream<String, CellHit> byCell = petitions[0]
                .flatMap((key, p) -> cells(p).stream().map(cell -> KeyValue.pair(cell, hit(cell, p))).toList(),
                        Named.as("cells"))
                .groupByKey(Grouped.with("by-cell", Serdes.String(), CellHit.serde()));
        for (SeriesWindow w : seriesWindows(rule)) {
            // days start at midnight in China, not at 08:00
            ChinaDayWindows windows = ChinaDayWindows.of(w.size(), w.advance(), Duration.ofDays(1), HotSpotDetected.CHINA);
            Duration retention = seriesRetention.compareTo(w.size().plusDays(1)) > 0 ? seriesRetention : w.size().plusDays(1);
            byCell.windowedBy(windows).aggregate(() -> Counts.ZERO, (cell, hit, counts) -> counts.add(hit, accusedUnits),
                    Named.as("count-" + w.name()),
                    Materialized.<String, Counts>as(persistent
                                    ? Stores.persistentTimestampedWindowStore(COUNTS_STORE_PREFIX + w.name(), retention,
                                            w.size(), false)
                                    : Stores.inMemoryWindowStore(COUNTS_STORE_PREFIX + w.name(), retention, w.size(), false))
                            .withKeySerde(Serdes.String()).withValueSerde(Counts.serde()).withRetention(retention));
        }

        petitions[0]
                .selectKey((key, p) -> p.placeCategory(), Named.as("by-place-category-key"))
                .repartition(Repartitioned.with(Serdes.String(), petitionSerde).withName("by-place-category"))
                .process(() -> new SurgeDetector(rules, evaluationInterval, historyRetention, accusedUnits), Named.as("surge-detector"),
                        OBSERVATIONS_STORE, HOTSPOTS_STORE, ACTIVE_STORE, WATCHING_STORE)
                .to(HOTSPOT_DETECTED, Produced.with(Serdes.String(), Serdes.String()).withName("hotspots-out"));
        return builder.build();
    }

    // in-memory stores only for the topology tests: the test driver flushes RocksDB after every record
    private static WindowBytesStoreSupplier windowStore(boolean persistent, String name, Duration retention,
                                                        boolean duplicates) {
        return persistent ? Stores.persistentWindowStore(name, retention, Duration.ofMillis(1), duplicates)
                : Stores.inMemoryWindowStore(name, retention, Duration.ofMillis(1), duplicates);
    }

    private static KeyValueBytesStoreSupplier keyValueStore(boolean persistent, String name) {
        return persistent ? Stores.persistentKeyValueStore(name) : Stores.inMemoryKeyValueStore(name);
    }

    /** The cells of a petition, keyed {@code county|category|place|target} like the detector's hot spots. */
    public static List<String> cells(Petition p) {
        String prefix = p.countyCode() + "|" + p.categoryCode() + "|";
        List<String> cells = new ArrayList<>();
        cells.add(prefix + p.countyCode() + "|");
        if (p.townshipCode() != null) {
            cells.add(prefix + p.townshipCode() + "|");
        }
        p.targets().forEach(t -> cells.add(prefix + p.countyCode() + "|" + t));
        return cells;
    }

    /**
     * A petition counted in a cell. An accused-target cell also keeps whom its petitions accuse: its counts are the
     * petitions against one named unit or company. A place cell does not: its counts are every petition of the
     * place, which its own supervisors need whoever a few of them accuse, and they name no one.
     */
    static CellHit hit(String cell, Petition p) {
        return new CellHit(p.personCount(), cell.endsWith("|") ? List.of() : p.accusedUnitCodes());
    }

    public static String cellKey(String placeCode, String categoryCode, String target) {
        return placeCode.substring(0, 6) + "|" + categoryCode + "|" + placeCode + "|" + (target == null ? "" : target);
    }
}

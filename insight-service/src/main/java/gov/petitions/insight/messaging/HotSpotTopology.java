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
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
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
 * petition.registered → (poison → insight-service.dlq) → one repartition by county × category → windowed counts
 * per cell for the charts (redeliveries dropped), then the surge detector → hotspot.detected.
 */
@ApplicationScoped
public class HotSpotTopology {

    public static final String PETITION_REGISTERED = "petition.registered";
    public static final String HOTSPOT_DETECTED = "hotspot.detected";
    public static final String DEAD_LETTERS = "insight-service.dlq";

    public static final String OBSERVATIONS_STORE = "observations";
    public static final String HOTSPOTS_STORE = "hotspots";
    static final String ACTIVE_STORE = "active-hotspots";
    static final String WATCHING_STORE = "watching-since";
    /** Windowed counts per cell: counts-hour, counts-day (and a longer window summed from the day buckets). */
    public static final String COUNTS_STORE_PREFIX = "counts-";

    /** The topics read and written: the contracts' names, or a test's own (to count what one run writes). */
    public record Topics(String petitions, String hotspots, String deadLetters) {
        public static final Topics CONTRACTS = new Topics(PETITION_REGISTERED, HOTSPOT_DETECTED, DEAD_LETTERS);
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

    public static Topology build(Supplier<SurgeRule> rules, Duration seriesRetention,
                                 Duration dedupRetention, Duration evaluationInterval, Duration historyRetention,
                                 boolean persistent, AccusedUnits accusedUnits) {
        return build(Topics.CONTRACTS, rules, seriesRetention, dedupRetention, evaluationInterval, historyRetention,
                persistent, accusedUnits);
    }

    public static Topology build(Topics topics, Supplier<SurgeRule> rules, Duration seriesRetention,
                                 Duration dedupRetention, Duration evaluationInterval, Duration historyRetention,
                                 boolean persistent, AccusedUnits accusedUnits) {
        SurgeRule rule = rules.get();
        StreamsBuilder builder = new StreamsBuilder();
        Serde<Petition> petitionSerde = new JsonSerde<>(Petition.class);

        // the look-back is fixed when the stores are made: the thresholds may change at runtime, the lengths not.
        // The observations also tell a redelivered petition (same id, same registration time) from a new one, so
        // they are kept for the redelivery period at least.
        Duration lookBack = rule.lookBack().plus(Duration.ofDays(1));
        Duration observed = lookBack.compareTo(dedupRetention) >= 0 ? lookBack : dedupRetention;
        builder.addStateStore(Stores.windowStoreBuilder(
                windowStore(persistent, OBSERVATIONS_STORE, observed, true),
                Serdes.String(), new JsonSerde<>(Observation.class)));
        List<CellCounts.Buckets> buckets = CellCounts.buckets(rule, seriesRetention);
        for (CellCounts.Buckets b : buckets) {
            // cached: a cell counted again before the next commit is written to its changelog once
            builder.addStateStore(Stores.windowStoreBuilder(persistent
                            ? Stores.persistentWindowStore(b.store(), b.retention(), b.size(), false)
                            : Stores.inMemoryWindowStore(b.store(), b.retention(), b.size(), false),
                    Serdes.String(), Counts.serde()).withCachingEnabled());
        }
        builder.addStateStore(Stores.keyValueStoreBuilder(keyValueStore(persistent, HOTSPOTS_STORE),
                Serdes.String(), new JsonSerde<>(HotSpot.class)));
        builder.addStateStore(Stores.keyValueStoreBuilder(keyValueStore(persistent, ACTIVE_STORE),
                Serdes.String(), Serdes.String()));
        builder.addStateStore(Stores.keyValueStoreBuilder(keyValueStore(persistent, WATCHING_STORE),
                Serdes.String(), Serdes.Long()));

        KStream<String, PetitionIntake.Outcome> read = builder
                .stream(topics.petitions(), Consumed.with(Serdes.String(), Serdes.String()).withName("petition-registered"))
                .process(PetitionIntake::new, Named.as("read-petition"));

        KStream<String, Petition>[] petitions = new KStream[1];
        read.split(Named.as("intake-"))
                .branch((key, outcome) -> outcome.petition() == null, Branched.withConsumer(poison -> poison
                        .mapValues(PetitionIntake.Outcome::original, Named.as("original-value"))
                        .to(topics.deadLetters(), Produced.with(Serdes.String(), Serdes.String()).withName("dead-letters")), "poison"))
                .defaultBranch(Branched.withConsumer(ok -> petitions[0] = ok.mapValues(PetitionIntake.Outcome::petition,
                        Named.as("petition")), "ok"));

        // one repartition: every cell of a petition (county|category|place|target) lies in its county × category,
        // so the charts' counts and the detector meet on one task (and one transaction's worth of partitions)
        String[] countingStores = java.util.stream.Stream.concat(java.util.stream.Stream.of(OBSERVATIONS_STORE),
                buckets.stream().map(CellCounts.Buckets::store)).toArray(String[]::new);
        petitions[0]
                .selectKey((key, p) -> p.placeCategory(), Named.as("by-place-category-key"))
                .repartition(Repartitioned.with(Serdes.String(), petitionSerde).withName("by-place-category"))
                .process(() -> new CellCounts(buckets, accusedUnits), Named.as("count-cells"), countingStores)
                .process(() -> new SurgeDetector(rules, evaluationInterval, historyRetention, accusedUnits),
                        Named.as("surge-detector"), OBSERVATIONS_STORE, HOTSPOTS_STORE, ACTIVE_STORE, WATCHING_STORE)
                .to(topics.hotspots(), Produced.with(Serdes.String(), Serdes.String()).withName("hotspots-out"));
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

    /** The county × category a cell belongs to: the key its counts are partitioned by. */
    public static String placeCategoryOf(String cell) {
        return cell.substring(0, cell.indexOf('|', cell.indexOf('|') + 1));
    }

    public static String cellKey(String placeCode, String categoryCode, String target) {
        return placeCode.substring(0, 6) + "|" + categoryCode + "|" + placeCode + "|" + (target == null ? "" : target);
    }
}

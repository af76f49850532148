package gov.petitions.insight.messaging;

import gov.petitions.insight.HotSpot;
import gov.petitions.insight.config.InsightConfig;
import gov.petitions.insight.domain.CellCounts;
import gov.petitions.insight.domain.HotSpotStores;
import gov.petitions.insight.domain.Observation;
import gov.petitions.insight.events.HotSpotDetected;
import gov.petitions.insight.events.Petition;
import gov.petitions.insight.service.AccusedUnits;
import gov.petitions.insight.service.RuleSettings;
import gov.petitions.insight.service.SurgeRule;
import gov.petitions.platform.tracing.EventSpans;
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
import gov.petitions.platform.province.Province;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * petition.registered → (poison → insight-service.dlq) → one repartition by county × category → the surge
 * detector (its observations, redeliveries dropped, are also the charts' counts: {@link CellCounts}) →
 * hotspot.detected.
 */
@ApplicationScoped
public class HotSpotTopology {

    public static final String PETITION_REGISTERED = "petition.registered";
    public static final String HOTSPOT_DETECTED = HotSpotDetected.TOPIC;
    public static final String DEAD_LETTERS = "insight-service.dlq";

    /** The topics read and written: the contracts' names, or a test's own (to count what one run writes). */
    public record Topics(String petitions, String hotspots, String deadLetters) {
        public static final Topics CONTRACTS = new Topics(PETITION_REGISTERED, HOTSPOT_DETECTED, DEAD_LETTERS);
    }

    @Produces
    public Topology topology(InsightConfig config, RuleSettings rules, AccusedUnits accusedUnits, EventSpans spans) {
        return build(Topics.CONTRACTS, rules, config.seriesRetention(), config.dedupRetention(),
                config.evaluationInterval(), config.historyRetention(), true, accusedUnits, spans);
    }

    /** The province's bounded recusal sets: its code from the one province setting, as every service reads it. */
    @Produces
    @ApplicationScoped
    AccusedUnits accusedUnits(Province province) {
        return new AccusedUnits(province.code());
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
        return build(topics, rules, seriesRetention, dedupRetention, evaluationInterval, historyRetention, persistent,
                accusedUnits, null);
    }

    /**
     * @param spans each petition.registered record is read in a consumer span of its trace, and each hotspot.detected
     *              is published in a span of the petition that tipped it; null: no spans
     */
    public static Topology build(Topics topics, Supplier<SurgeRule> rules, Duration seriesRetention,
                                 Duration dedupRetention, Duration evaluationInterval, Duration historyRetention,
                                 boolean persistent, AccusedUnits accusedUnits, EventSpans spans) {
        SurgeRule rule = rules.get();
        StreamsBuilder builder = new StreamsBuilder();
        Serde<Petition> petitionSerde = new JsonSerde<>(Petition.class);

        // the look-back is fixed when the stores are made: the thresholds may change at runtime, the lengths not.
        // The observations are also the charts' counts (CellCounts) and tell a redelivered petition (same id, same
        // registration time) from a new one, so they are kept for the charts and the redeliveries too.
        builder.addStateStore(Stores.windowStoreBuilder(
                windowStore(persistent, HotSpotStores.OBSERVATIONS, CellCounts.observed(rule, seriesRetention, dedupRetention), true),
                Serdes.String(), new JsonSerde<>(Observation.class)));
        builder.addStateStore(Stores.keyValueStoreBuilder(keyValueStore(persistent, HotSpotStores.HOTSPOTS),
                Serdes.String(), new JsonSerde<>(HotSpot.class)));
        builder.addStateStore(Stores.keyValueStoreBuilder(keyValueStore(persistent, HotSpotStores.ACTIVE),
                Serdes.String(), Serdes.String()));
        builder.addStateStore(Stores.keyValueStoreBuilder(keyValueStore(persistent, HotSpotStores.WATCHING),
                Serdes.String(), Serdes.Long()));

        KStream<String, PetitionIntake.Outcome> read = builder
                .stream(topics.petitions(), Consumed.with(Serdes.String(), Serdes.String()).withName("petition-registered"))
                .process(() -> new PetitionIntake(accusedUnits.province(), spans), Named.as("read-petition"));

        Map<String, KStream<String, PetitionIntake.Outcome>> branches = read.split(Named.as("intake-"))
                .branch((key, outcome) -> outcome.petition() == null, Branched.withConsumer(poison -> poison
                        .mapValues(PetitionIntake.Outcome::original, Named.as("original-value"))
                        .to(topics.deadLetters(), Produced.with(Serdes.String(), Serdes.String()).withName("dead-letters")), "poison"))
                .defaultBranch(Branched.as("ok"));
        KStream<String, Petition> petitions = branches.get("intake-ok")
                .mapValues(PetitionIntake.Outcome::petition, Named.as("petition"));

        // one repartition: the detector's county × category, whose observations are also the charts' counts
        petitions
                .selectKey((key, p) -> p.placeCategory(), Named.as("by-place-category-key"))
                .repartition(Repartitioned.with(Serdes.String(), petitionSerde).withName("by-place-category"))
                .process(() -> new SurgeDetector(rules, evaluationInterval, historyRetention, accusedUnits,
                                new HotSpotSpans(spans == null ? null : spans.tracer())),
                        Named.as("surge-detector"), HotSpotStores.OBSERVATIONS, HotSpotStores.HOTSPOTS,
                        HotSpotStores.ACTIVE, HotSpotStores.WATCHING)
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
}

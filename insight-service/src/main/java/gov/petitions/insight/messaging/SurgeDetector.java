package gov.petitions.insight.messaging;

import gov.petitions.insight.HotSpot;
import gov.petitions.insight.domain.ChinaDayWindows;
import gov.petitions.insight.domain.HotSpotRule;
import gov.petitions.insight.domain.HotSpotStores;
import gov.petitions.insight.domain.Observation;
import gov.petitions.insight.events.HotSpotDetected;
import gov.petitions.insight.events.Petition;
import gov.petitions.insight.service.AccusedUnits;
import gov.petitions.insight.service.SurgeRule;
import gov.petitions.platform.events.CloudEvent;
import io.opentelemetry.api.trace.Span;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The detector's wiring: keeps each petition of a county × category (the record key after the repartition) in the
 * observations, and on each petition and on a schedule hands the observations and the open hot spots to the rule
 * ({@link HotSpotRule}, which decides), then stores the changes it returns and publishes hotspot.detected for each one
 * that is told, in a span of the petition that tipped it ({@link HotSpotSpans}).
 */
class SurgeDetector implements Processor<String, Petition, String, String> {

    private static final String WATCHING_SINCE = "since";

    private final Supplier<SurgeRule> rules;
    private final Duration evaluationInterval;
    private final Duration historyRetention;
    private final AccusedUnits accusedUnits;
    private final HotSpotSpans spans;
    private ProcessorContext<String, String> context;
    private WindowStore<String, Observation> observations;
    private KeyValueStore<String, HotSpot> hotspots;
    private KeyValueStore<String, String> activeByCell;
    private KeyValueStore<String, Long> watching;

    SurgeDetector(Supplier<SurgeRule> rules, Duration evaluationInterval, Duration historyRetention,
                  AccusedUnits accusedUnits, HotSpotSpans spans) {
        this.rules = rules;
        this.accusedUnits = accusedUnits;
        this.evaluationInterval = evaluationInterval;
        this.historyRetention = historyRetention;
        this.spans = spans;
    }

    @Override
    public void init(ProcessorContext<String, String> context) {
        this.context = context;
        this.observations = context.getStateStore(HotSpotStores.OBSERVATIONS);
        this.hotspots = context.getStateStore(HotSpotStores.HOTSPOTS);
        this.activeByCell = context.getStateStore(HotSpotStores.ACTIVE);
        this.watching = context.getStateStore(HotSpotStores.WATCHING);
        // stream time moves only when petitions arrive on this partition; the wall clock makes a hot spot
        // resolve on time in a quiet night too
        context.schedule(evaluationInterval, PunctuationType.STREAM_TIME, this::sweep);
        context.schedule(evaluationInterval, PunctuationType.WALL_CLOCK_TIME,
                wallClock -> sweep(Math.max(wallClock, context.currentStreamTimeMs())));
    }

    @Override
    public void process(Record<String, Petition> record) {
        Petition petition = record.value();
        if (alreadyObserved(petition)) {
            return; // a redelivery (the outbox publishes at least once): counted when it first came
        }
        if (watching.get(WATCHING_SINCE) == null) {
            watching.put(WATCHING_SINCE, petition.registeredAt());
        }
        observations.put(petition.placeCategory(), petition.observation(), petition.registeredAt());
        evaluate(petition.placeCategory(), Math.max(context.currentStreamTimeMs(), petition.registeredAt()),
                petition.petitionId());
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

    private void sweep(long now) {
        Set<String> placeCategories = new TreeSet<>();
        List<String> expired = new ArrayList<>();
        try (KeyValueIterator<String, String> it = activeByCell.all()) {
            while (it.hasNext()) {
                String[] cell = it.next().key.split("\\|", -1);
                placeCategories.add(cell[0] + "|" + cell[1]);
            }
        }
        placeCategories.forEach(key -> evaluate(key, now, null));
        try (KeyValueIterator<String, HotSpot> it = hotspots.all()) {
            while (it.hasNext()) {
                HotSpot h = it.next().value;
                if (!h.active() && h.resolvedAt() < now - historyRetention.toMillis()) {
                    expired.add(h.hotspotId());
                }
            }
        }
        expired.forEach(hotspots::delete);
    }

    /** @param arrived the petition that led to this evaluation, null for the schedule's */
    private void evaluate(String placeCategory, long now, String arrived) {
        SurgeRule rule = rules.get();
        List<Observation> seen = new ArrayList<>();
        try (WindowStoreIterator<Observation> it = observations.fetch(placeCategory,
                Instant.ofEpochMilli(now - rule.lookBack().toMillis()), Instant.ofEpochMilli(now))) {
            it.forEachRemaining(kv -> seen.add(kv.value));
        }
        Map<String, HotSpot> open = new TreeMap<>();
        try (KeyValueIterator<String, String> it = activeByCell.prefixScan(placeCategory + "|", new StringSerializer())) {
            it.forEachRemaining(kv -> {
                HotSpot h = hotspots.get(kv.value);
                if (h != null) {
                    open.put(kv.key, h);
                }
            });
        }
        for (HotSpotRule.Change change : new HotSpotRule(rule, accusedUnits)
                .judge(placeCategory, seen, open, now, watching.get(WATCHING_SINCE), arrived)) {
            apply(change, now);
        }
    }

    private void apply(HotSpotRule.Change change, long now) {
        HotSpot next = change.hotSpot();
        hotspots.put(next.hotspotId(), next);
        switch (change.kind()) {
            case DETECTED -> activeByCell.put(next.cellKey(), next.hotspotId());
            case RESOLVED -> activeByCell.delete(next.cellKey());
            case GROWING, RECUSED -> { }
        }
        if (change.kind().published()) {
            publish(change, now);
        }
    }

    private void publish(HotSpotRule.Change change, long now) {
        HotSpot next = change.hotSpot();
        UUID eventId = UUID.nameUUIDFromBytes((next.hotspotId() + "|" + next.sequence()).getBytes(StandardCharsets.UTF_8));
        String json;
        try {
            json = JsonSerde.MAPPER.writeValueAsString(HotSpotDetected.of(next));
        } catch (com.fasterxml.jackson.core.JsonProcessingException ex) {
            throw new IllegalStateException(ex);
        }
        Headers headers = new RecordHeaders();
        CloudEvent.write(headers, eventId, HotSpotDetected.TYPE, HotSpotDetected.SOURCE, next.hotspotId(),
                Instant.ofEpochMilli(now).atZone(ChinaDayWindows.CHINA).toOffsetDateTime(), HotSpotDetected.DATA_SCHEMA);
        Span span = spans.publishing(change, eventId);
        try {
            CloudEvent.writeTrace(headers, HotSpotSpans.sent(span));
            context.forward(new Record<>(next.hotspotId(), json, now, headers));
        } finally {
            span.end();
        }
    }
}

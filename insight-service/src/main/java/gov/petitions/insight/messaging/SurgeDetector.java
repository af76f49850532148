package gov.petitions.insight.messaging;

import gov.petitions.insight.HotSpot;
import gov.petitions.insight.HotSpot.PlaceLevel;
import gov.petitions.insight.HotSpot.Reason;
import gov.petitions.insight.HotSpot.Status;
import gov.petitions.insight.HotSpot.Step;
import gov.petitions.insight.HotSpot.WindowFigures;
import gov.petitions.insight.domain.ChinaDayWindows;
import gov.petitions.insight.domain.HotSpotStores;
import gov.petitions.insight.domain.Observation;
import gov.petitions.insight.events.HotSpotDetected;
import gov.petitions.insight.events.Petition;
import gov.petitions.insight.service.AccusedUnits;
import gov.petitions.insight.service.SurgeRule;
import gov.petitions.platform.events.CloudEvent;
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
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Applies the surge rule to every cell of one county × category (the record key after the
 * repartition), so a burst is reported once, in its narrowest cell: accused targets first, then
 * townships, then the county, each broader cell counting only the petitions no narrower hot spot
 * already explains. Emits hotspot.detected when a cell becomes hot, when it grows by the growth step,
 * and when it subsides.
 */
class SurgeDetector implements Processor<String, Petition, String, String> {

    static final int MAX_PETITION_IDS = 200;
    static final int MAX_HISTORY = 100;
    private static final String WATCHING_SINCE = "since";

    private final Supplier<SurgeRule> rules;
    private final Duration evaluationInterval;
    private final Duration historyRetention;
    private final AccusedUnits accusedUnits;
    private ProcessorContext<String, String> context;
    private WindowStore<String, Observation> observations;
    private KeyValueStore<String, HotSpot> hotspots;
    private KeyValueStore<String, String> activeByCell;
    private KeyValueStore<String, Long> watching;

    SurgeDetector(Supplier<SurgeRule> rules, Duration evaluationInterval, Duration historyRetention,
                  AccusedUnits accusedUnits) {
        this.rules = rules;
        this.accusedUnits = accusedUnits;
        this.evaluationInterval = evaluationInterval;
        this.historyRetention = historyRetention;
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
        evaluate(petition.placeCategory(), Math.max(context.currentStreamTimeMs(), petition.registeredAt()));
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
        placeCategories.forEach(key -> evaluate(key, now));
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

    private record Cell(String key, String placeCode, PlaceLevel level, String target,
                        Predicate<Observation> member, Predicate<Observation> baselinePlace) {
    }

    private record Evaluation(List<WindowFigures> windows, List<Reason> reasons, List<Observation> behind) {
        boolean hot() {
            return !reasons.isEmpty();
        }
    }

    void evaluate(String placeCategory, long now) {
        SurgeRule rule = rules.get();
        String county = placeCategory.substring(0, placeCategory.indexOf('|'));
        List<Observation> seen = new ArrayList<>();
        try (WindowStoreIterator<Observation> it = observations.fetch(placeCategory,
                Instant.ofEpochMilli(now - rule.lookBack().toMillis()), Instant.ofEpochMilli(now))) {
            it.forEachRemaining(kv -> seen.add(kv.value));
        }
        long recent = now - rule.lookBack().minus(rule.baseline()).toMillis();
        Map<String, String> labels = new TreeMap<>();
        Set<String> townships = new TreeSet<>();
        for (Observation o : seen) {
            if (o.at() > recent) {
                for (int i = 0; i < o.targets().size(); i++) {
                    labels.put(o.targets().get(i), o.targetLabels().get(i));
                }
                if (o.townshipCode() != null) {
                    townships.add(o.townshipCode());
                }
            }
        }
        List<String> activeCells = new ArrayList<>();
        try (KeyValueIterator<String, String> it = activeByCell.prefixScan(placeCategory + "|", new StringSerializer())) {
            it.forEachRemaining(kv -> activeCells.add(kv.key));
        }
        for (String key : activeCells) {
            String[] parts = key.split("\\|", -1);
            if (!parts[3].isEmpty()) {
                labels.putIfAbsent(parts[3], hotspots.get(activeByCell.get(key)).targetLabel());
            } else if (parts[2].length() == 9) {
                townships.add(parts[2]);
            }
        }
        // narrowest first: an employer, then a township, then the whole county
        Map<String, Cell> cells = new LinkedHashMap<>();
        labels.keySet().forEach(target -> cells.put(placeCategory + "|" + county + "|" + target,
                new Cell(placeCategory + "|" + county + "|" + target, county, PlaceLevel.COUNTY, target,
                        o -> o.targets().contains(target), o -> true)));
        townships.forEach(township -> cells.put(placeCategory + "|" + township + "|",
                new Cell(placeCategory + "|" + township + "|", township, PlaceLevel.TOWNSHIP, null,
                        o -> township.equals(o.townshipCode()), o -> township.equals(o.townshipCode()))));
        cells.put(placeCategory + "|" + county + "|",
                new Cell(placeCategory + "|" + county + "|", county, PlaceLevel.COUNTY, null, o -> true, o -> true));

        Set<String> explained = new HashSet<>();
        for (Cell cell : cells.values()) {
            Evaluation evaluation = evaluate(cell, seen, now, rule, explained);
            if (evaluation.hot()) {
                evaluation.behind().forEach(o -> explained.add(o.petitionId()));
            }
            transition(cell, placeCategory, labels.get(cell.target() == null ? "" : cell.target()), evaluation, now, rule);
        }
    }

    private Evaluation evaluate(Cell cell, List<Observation> seen, long now, SurgeRule rule, Set<String> explained) {
        List<WindowFigures> figures = new ArrayList<>();
        List<Reason> reasons = new ArrayList<>();
        List<Observation> longestFiring = List.of();
        long longestFiringSize = -1;
        Long since = watching.get(WATCHING_SINCE);
        for (SurgeRule.WindowRule w : rule.windows()) {
            long size = w.size().toMillis();
            // a baseline the service has not watched is not a quiet one: until it has seen the whole period,
            // the expected count comes from the part it has seen, and a window is judged only after one
            // window's length of history (else the first days after deployment would all look like surges)
            Duration covered = w.watched(rule.baseline(), now, since);
            List<Observation> current = seen.stream()
                    .filter(o -> w.current(o.at(), now) && cell.member().test(o) && !explained.contains(o.petitionId()))
                    .toList();
            int baseline = (int) seen.stream()
                    .filter(o -> w.inBaseline(o.at(), now, covered) && cell.baselinePlace().test(o))
                    .count();
            SurgeRule.Verdict verdict = w.judge(current.size(), baseline, covered);
            double expected = verdict.expected();
            double threshold = verdict.threshold();
            boolean judged = verdict.judged();
            boolean surge = verdict.surge();
            int persons = current.stream().mapToInt(Observation::personCount).sum();
            figures.add(new WindowFigures(w.name(), w.size().toString(), current.size(), persons,
                    covered.toString(), baseline, round(expected), round(threshold), judged, surge));
            if (surge) {
                reasons.add(new Reason(HotSpot.Rule.SURGE, w.name(), String.format(Locale.ROOT,
                        "%d petitions in the last %s reach the threshold %s: the larger of the minimum %d and "
                                + "%s × %s expected from %d petitions of this place and category in the %s before",
                        current.size(), w.size(), fmt(threshold), w.minPetitions(), fmt(w.ratio()), fmt(expected),
                        baseline, covered)));
                if (size > longestFiringSize) {
                    longestFiring = current;
                    longestFiringSize = size;
                }
            }
        }
        List<Observation> behind = new ArrayList<>(longestFiring);
        SurgeRule.GroupRule group = rule.group();
        if (group.enabled()) {
            List<Observation> groups = seen.stream()
                    .filter(o -> group.holds(o.personCount(), o.at(), now)
                            && cell.member().test(o) && !explained.contains(o.petitionId()))
                    .toList();
            if (!groups.isEmpty()) {
                int largest = groups.stream().mapToInt(Observation::personCount).max().orElse(0);
                reasons.add(new Reason(HotSpot.Rule.GROUP_PETITION, null, String.format(Locale.ROOT,
                        "%d group petition%s of at least %d persons in the last %s, the largest of %d persons",
                        groups.size(), groups.size() == 1 ? "" : "s", group.minPersons(), group.hold(), largest)));
                groups.stream().filter(o -> !behind.contains(o)).forEach(behind::add);
            }
        }
        behind.sort(Comparator.comparingLong(Observation::at).thenComparing(Observation::petitionId));
        return new Evaluation(figures, reasons, behind);
    }

    private void transition(Cell cell, String placeCategory, String label, Evaluation e, long now, SurgeRule rule) {
        String id = activeByCell.get(cell.key());
        HotSpot current = id == null ? null : hotspots.get(id);
        if (current == null && !e.hot()) {
            return;
        }
        int petitions = e.behind().size();
        int persons = e.behind().stream().mapToInt(Observation::personCount).sum();
        List<String> ids = e.behind().stream().limit(MAX_PETITION_IDS).map(Observation::petitionId).toList();
        // the recusal set only grows: a petition that once stood behind the hot spot was shown with it
        List<String> accused = accusedUnits.union(current == null ? List.of() : current.accusedUnitCodes(),
                e.behind().stream().flatMap(o -> o.accusedUnitCodes().stream()).distinct().toList());
        HotSpot next;
        if (current == null) {
            // the same cell and moment give the same id, so a replay after a crash names the hot spot the same way
            String hotspotId = UUID.nameUUIDFromBytes((cell.key() + "|" + now).getBytes(StandardCharsets.UTF_8)).toString();
            String[] pc = placeCategory.split("\\|");
            next = new HotSpot(hotspotId, cell.key(), Status.DETECTED, 1, pc[0], cell.placeCode(), cell.level(), pc[1],
                    cell.target(), cell.target() == null ? null : label, accused, now, now, null, petitions, persons, ids,
                    e.windows(), e.reasons(), petitions,
                    List.of(new Step(1, Status.DETECTED, now, petitions, persons, e.reasons())));
            activeByCell.put(cell.key(), hotspotId);
        } else if (e.hot()) {
            if (!rule.grown(petitions, current.emittedPetitionCount())) {
                // the stored hot spot is what its last event said: every replica and every reader see the same.
                // Except for a newly accused unit: it must stop seeing the hot spot now, not at the next event
                if (!accused.equals(current.accusedUnitCodes())) {
                    hotspots.put(current.hotspotId(), withAccused(current, accused));
                }
                return;
            }
            int sequence = current.sequence() + 1;
            List<Step> history = new ArrayList<>(current.history());
            history.add(new Step(sequence, Status.GROWING, now, petitions, persons, e.reasons()));
            if (history.size() > MAX_HISTORY) {
                // the detection and the latest steps tell the story; a long surge must not grow the record without end
                history.remove(1);
            }
            next = new HotSpot(current.hotspotId(), cell.key(), Status.GROWING, sequence,
                    current.countyCode(), current.placeCode(), current.placeLevel(), current.categoryCode(),
                    current.target(), current.targetLabel(), accused, current.detectedAt(), now, null, petitions, persons, ids,
                    e.windows(), e.reasons(), petitions, history);
        } else {
            // what it was stays on record (the petitions, the counts); the windows show that it subsided
            int sequence = current.sequence() + 1;
            List<Step> history = new ArrayList<>(current.history());
            history.add(new Step(sequence, Status.RESOLVED, now, current.petitionCount(), current.personCount(), List.of()));
            next = new HotSpot(current.hotspotId(), cell.key(), Status.RESOLVED, sequence, current.countyCode(),
                    current.placeCode(), current.placeLevel(), current.categoryCode(), current.target(),
                    current.targetLabel(), current.accusedUnitCodes(), current.detectedAt(), now, now, current.petitionCount(),
                    current.personCount(), current.petitionIds(), e.windows(), List.of(),
                    current.emittedPetitionCount(), history);
            activeByCell.delete(cell.key());
        }
        hotspots.put(next.hotspotId(), next);
        Headers headers = new RecordHeaders();
        UUID eventId = UUID.nameUUIDFromBytes((next.hotspotId() + "|" + next.sequence()).getBytes(StandardCharsets.UTF_8));
        CloudEvent.write(headers, eventId, HotSpotDetected.TYPE, HotSpotDetected.SOURCE, next.hotspotId(),
                Instant.ofEpochMilli(now).atZone(ChinaDayWindows.CHINA).toOffsetDateTime(), HotSpotDetected.DATA_SCHEMA);
        String json;
        try {
            json = JsonSerde.MAPPER.writeValueAsString(HotSpotDetected.of(next));
        } catch (com.fasterxml.jackson.core.JsonProcessingException ex) {
            throw new IllegalStateException(ex);
        }
        context.forward(new Record<>(next.hotspotId(), json, now, headers));
    }

    private static HotSpot withAccused(HotSpot h, List<String> accused) {
        return new HotSpot(h.hotspotId(), h.cellKey(), h.status(), h.sequence(), h.countyCode(), h.placeCode(),
                h.placeLevel(), h.categoryCode(), h.target(), h.targetLabel(), accused, h.detectedAt(), h.updatedAt(),
                h.resolvedAt(), h.petitionCount(), h.personCount(), h.petitionIds(), h.windows(), h.reasons(),
                h.emittedPetitionCount(), h.history());
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }

    private static String fmt(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.format(Locale.ROOT, "%.2f", value);
    }

}

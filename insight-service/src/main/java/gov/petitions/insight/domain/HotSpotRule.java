package gov.petitions.insight.domain;

import gov.petitions.insight.HotSpot;
import gov.petitions.insight.HotSpot.PlaceLevel;
import gov.petitions.insight.HotSpot.Reason;
import gov.petitions.insight.HotSpot.Status;
import gov.petitions.insight.HotSpot.Step;
import gov.petitions.insight.HotSpot.WindowFigures;
import gov.petitions.insight.service.AccusedUnits;
import gov.petitions.insight.service.SurgeRule;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
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

/**
 * Whether the cells of one county × category are hot spots, and what that changes: the rule applied to the petitions
 * the detector remembers, with no store, no Kafka and no clock of its own, so that every case of it can be tried in a
 * unit test. The surge detector (messaging) only fetches the observations and the open hot spots, hands them here, and
 * stores and publishes the {@link Change}s it gets back.
 *
 * <p>A burst is reported once, in its narrowest cell: accused targets first, then townships, then the county, each
 * broader cell counting only the petitions no narrower hot spot already explains. A cell becomes a hot spot
 * (DETECTED) when a window surges or a group petition is held, is published again (GROWING) when the growth step more
 * petitions stand behind it, and RESOLVED when no reason holds any more.
 */
public final class HotSpotRule {

    /** The petition ids an event names at most (the counts still count them all). */
    public static final int MAX_PETITION_IDS = 200;
    /** The steps a hot spot keeps at most: its detection and the latest ones. */
    public static final int MAX_HISTORY = 100;

    private final SurgeRule rule;
    private final AccusedUnits accusedUnits;

    public HotSpotRule(SurgeRule rule, AccusedUnits accusedUnits) {
        this.rule = rule;
        this.accusedUnits = accusedUnits;
    }

    /**
     * One cell of a county × category: its key ({@link HotSpotStores#cellKey}), its place and target, which
     * petitions count in it, and which count in its baseline (a target's baseline is its whole county's, so that a
     * target first named today is not a surge from nothing).
     */
    public record Cell(String key, String placeCode, PlaceLevel level, String target, String targetLabel,
                       Predicate<Observation> member, Predicate<Observation> baselinePlace) {
    }

    /** A cell judged at one moment: every window's figures, the reasons it is hot (none: it is not), the petitions behind it. */
    public record Evaluation(List<WindowFigures> windows, List<Reason> reasons, List<Observation> behind) {
        public boolean hot() {
            return !reasons.isEmpty();
        }
    }

    /** What becomes of a cell's hot spot. */
    public enum Kind {
        DETECTED, GROWING, RESOLVED,
        /** Not published: only a unit newly accused by a petition behind it, hidden from it at once. */
        RECUSED;

        public boolean published() {
            return this != RECUSED;
        }
    }

    /**
     * One change of one cell's hot spot.
     *
     * @param hotSpot  the hot spot as it is to be stored (and, when published, told)
     * @param behind   the petitions it is about: those behind it now, or for a resolved one those it last stood for
     *                 that are still remembered; oldest first
     * @param tippedBy the petition whose arrival made it hot or grow it, when it stands behind it; else null (the
     *                 clock resolved it, or a broader cell was judged on a petition of a narrower one)
     */
    public record Change(Kind kind, HotSpot hotSpot, List<Observation> behind, Observation tippedBy) {
    }

    /**
     * Judges every cell of a county × category at {@code now}.
     *
     * @param placeCategory  county|category, the key the observations are partitioned by
     * @param seen           its observations of the look-back ({@link SurgeRule#lookBack()}) up to {@code now}
     * @param open           its open hot spots, by cell key
     * @param watchingSince  when the detector saw its first petition (null: none yet); a baseline not watched is not a quiet one
     * @param arrived        the petition whose arrival led to this judgement, or null (the clock's sweep)
     * @return the changes, narrowest cell first; none when nothing changed
     */
    public List<Change> judge(String placeCategory, List<Observation> seen, Map<String, HotSpot> open, long now,
                              Long watchingSince, String arrived) {
        List<Change> changes = new ArrayList<>();
        Set<String> explained = new HashSet<>();
        for (Cell cell : cells(placeCategory, seen, open, now)) {
            Evaluation evaluation = evaluate(cell, seen, now, watchingSince, explained);
            if (evaluation.hot()) {
                evaluation.behind().forEach(o -> explained.add(o.petitionId()));
            }
            Change change = transition(cell, placeCategory, open.get(cell.key()), evaluation, seen, now, arrived);
            if (change != null) {
                changes.add(change);
            }
        }
        return changes;
    }

    /**
     * The cells to judge, narrowest first: every target and township named by a petition of the recent windows or
     * holding an open hot spot, then the county.
     */
    public List<Cell> cells(String placeCategory, List<Observation> seen, Map<String, HotSpot> open, long now) {
        String county = placeCategory.substring(0, placeCategory.indexOf('|'));
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
        // an open hot spot is judged until it resolves, even when none of its petitions is recent any more
        for (Map.Entry<String, HotSpot> e : new TreeMap<>(open).entrySet()) {
            String[] parts = e.getKey().split("\\|", -1);
            if (!parts[3].isEmpty()) {
                labels.putIfAbsent(parts[3], e.getValue().targetLabel());
            } else if (parts[2].length() == 9) {
                townships.add(parts[2]);
            }
        }
        Map<String, Cell> cells = new LinkedHashMap<>();
        labels.forEach((target, label) -> cells.put(placeCategory + "|" + county + "|" + target,
                new Cell(placeCategory + "|" + county + "|" + target, county, PlaceLevel.COUNTY, target, label,
                        o -> o.targets().contains(target), o -> true)));
        townships.forEach(township -> cells.put(placeCategory + "|" + township + "|",
                new Cell(placeCategory + "|" + township + "|", township, PlaceLevel.TOWNSHIP, null, null,
                        o -> township.equals(o.townshipCode()), o -> township.equals(o.townshipCode()))));
        cells.put(placeCategory + "|" + county + "|",
                new Cell(placeCategory + "|" + county + "|", county, PlaceLevel.COUNTY, null, null, o -> true, o -> true));
        return List.copyOf(cells.values());
    }

    /**
     * Judges one cell: every window of the rule, then the group petitions. The petitions behind a hot cell are those
     * of its longest surging window and its group petitions; the petitions in {@code explained} (behind a narrower hot
     * spot) count neither in its windows nor behind it, though they stay in its baseline.
     */
    public Evaluation evaluate(Cell cell, List<Observation> seen, long now, Long watchingSince, Set<String> explained) {
        List<WindowFigures> figures = new ArrayList<>();
        List<Reason> reasons = new ArrayList<>();
        List<Observation> longestFiring = List.of();
        long longestFiringSize = -1;
        for (SurgeRule.WindowRule w : rule.windows()) {
            long size = w.size().toMillis();
            // a baseline the service has not watched is not a quiet one: until it has seen the whole period,
            // the expected count comes from the part it has seen, and a window is judged only after one
            // window's length of history (else the first days after deployment would all look like surges)
            Duration covered = w.watched(rule.baseline(), now, watchingSince);
            List<Observation> current = seen.stream()
                    .filter(o -> w.current(o.at(), now) && cell.member().test(o) && !explained.contains(o.petitionId()))
                    .toList();
            int baseline = (int) seen.stream()
                    .filter(o -> w.inBaseline(o.at(), now, covered) && cell.baselinePlace().test(o))
                    .count();
            SurgeRule.Verdict verdict = w.judge(current.size(), baseline, covered);
            int persons = current.stream().mapToInt(Observation::personCount).sum();
            figures.add(new WindowFigures(w.name(), w.size().toString(), current.size(), persons,
                    covered.toString(), baseline, round(verdict.expected()), round(verdict.threshold()),
                    verdict.judged(), verdict.surge()));
            if (verdict.surge()) {
                reasons.add(new Reason(HotSpot.Rule.SURGE, w.name(), String.format(Locale.ROOT,
                        "%d petitions in the last %s reach the threshold %s: the larger of the minimum %d and "
                                + "%s × %s expected from %d petitions of this place and category in the %s before",
                        current.size(), w.size(), fmt(verdict.threshold()), w.minPetitions(), fmt(w.ratio()),
                        fmt(verdict.expected()), baseline, covered)));
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

    /**
     * What the evaluation changes for the cell's open hot spot {@code current} (null: none), or null when nothing
     * changes: a cold cell without one, or one that has not grown by the growth step and accuses no one new.
     */
    public Change transition(Cell cell, String placeCategory, HotSpot current, Evaluation e, List<Observation> seen,
                             long now, String arrived) {
        if (current == null && !e.hot()) {
            return null;
        }
        int petitions = e.behind().size();
        int persons = e.behind().stream().mapToInt(Observation::personCount).sum();
        List<String> ids = e.behind().stream().limit(MAX_PETITION_IDS).map(Observation::petitionId).toList();
        // the recusal set only grows: a petition that once stood behind the hot spot was shown with it
        List<String> accused = accusedUnits.union(current == null ? List.of() : current.accusedUnitCodes(),
                e.behind().stream().flatMap(o -> o.accusedUnitCodes().stream()).distinct().toList());
        Observation tippedBy = e.behind().stream().filter(o -> o.petitionId().equals(arrived)).findFirst().orElse(null);
        if (current == null) {
            String[] pc = placeCategory.split("\\|");
            HotSpot next = new HotSpot(hotSpotId(cell.key(), now), cell.key(), Status.DETECTED, 1, pc[0],
                    cell.placeCode(), cell.level(), pc[1], cell.target(), cell.target() == null ? null : cell.targetLabel(),
                    accused, now, now, null, petitions, persons, ids, e.windows(), e.reasons(), petitions,
                    List.of(new Step(1, Status.DETECTED, now, petitions, persons, e.reasons())));
            return new Change(Kind.DETECTED, next, e.behind(), tippedBy);
        }
        if (e.hot()) {
            if (!rule.grown(petitions, current.emittedPetitionCount())) {
                // the stored hot spot is what its last event said: every replica and every reader see the same.
                // Except for a newly accused unit: it must stop seeing the hot spot now, not at the next event
                return accused.equals(current.accusedUnitCodes()) ? null
                        : new Change(Kind.RECUSED, withAccused(current, accused), e.behind(), null);
            }
            int sequence = current.sequence() + 1;
            List<Step> history = new ArrayList<>(current.history());
            history.add(new Step(sequence, Status.GROWING, now, petitions, persons, e.reasons()));
            if (history.size() > MAX_HISTORY) {
                // the detection and the latest steps tell the story; a long surge must not grow the record without end
                history.remove(1);
            }
            HotSpot next = new HotSpot(current.hotspotId(), cell.key(), Status.GROWING, sequence,
                    current.countyCode(), current.placeCode(), current.placeLevel(), current.categoryCode(),
                    current.target(), current.targetLabel(), accused, current.detectedAt(), now, null, petitions, persons,
                    ids, e.windows(), e.reasons(), petitions, history);
            return new Change(Kind.GROWING, next, e.behind(), tippedBy);
        }
        // what it was stays on record (the petitions, the counts); the windows show that it subsided
        int sequence = current.sequence() + 1;
        List<Step> history = new ArrayList<>(current.history());
        history.add(new Step(sequence, Status.RESOLVED, now, current.petitionCount(), current.personCount(), List.of()));
        HotSpot next = new HotSpot(current.hotspotId(), cell.key(), Status.RESOLVED, sequence, current.countyCode(),
                current.placeCode(), current.placeLevel(), current.categoryCode(), current.target(),
                current.targetLabel(), current.accusedUnitCodes(), current.detectedAt(), now, now, current.petitionCount(),
                current.personCount(), current.petitionIds(), e.windows(), List.of(),
                current.emittedPetitionCount(), history);
        Set<String> stoodFor = new HashSet<>(current.petitionIds());
        List<Observation> remembered = seen.stream().filter(o -> stoodFor.contains(o.petitionId()))
                .sorted(Comparator.comparingLong(Observation::at).thenComparing(Observation::petitionId)).toList();
        return new Change(Kind.RESOLVED, next, remembered, null);
    }

    /** The same cell and moment give the same id, so a replay after a crash names the hot spot the same way. */
    public static String hotSpotId(String cellKey, long detectedAt) {
        return UUID.nameUUIDFromBytes((cellKey + "|" + detectedAt).getBytes(StandardCharsets.UTF_8)).toString();
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

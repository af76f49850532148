package gov.petitions.insight.domain;

import gov.petitions.insight.HotSpot;
import gov.petitions.insight.domain.HotSpotRule.Change;
import gov.petitions.insight.domain.HotSpotRule.Kind;
import gov.petitions.insight.service.AccusedUnits;
import gov.petitions.insight.service.SurgeRule;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The hot-spot decision by itself ({@link HotSpotRule}): observations in, changes out, no Kafka Streams and no store.
 * The defaults of the configuration: baseline 28 days; hour ≥ max(10, 3 × expected), day ≥ max(20, 3 × expected),
 * week ≥ max(40, 3 × expected); a group petition of 50 persons holds for 24 hours; a new event every 5 more petitions.
 */
class HotSpotRuleTest {

    static final SurgeRule RULE = new SurgeRule(Duration.ofDays(28), 5, List.of(
            new SurgeRule.WindowRule("hour", Duration.ofHours(1), 10, 3, true),
            new SurgeRule.WindowRule("day", Duration.ofHours(24), 20, 3, true),
            new SurgeRule.WindowRule("week", Duration.ofDays(7), 40, 3, true)),
            new SurgeRule.GroupRule(50, Duration.ofHours(24), true));

    static final String COUNTY = "341302";
    static final String TOWNSHIP = "341302104";
    static final String PLACE_CATEGORY = COUNTY + "|labour-wages";
    static final String COUNTY_CELL = HotSpotStores.cellKey(COUNTY, "labour-wages", null);
    static final long NOW = Instant.parse("2025-03-03T02:00:00Z").toEpochMilli();
    /** Watched for longer than a whole baseline: a quiet county is known to be quiet. */
    static final long SINCE = NOW - Duration.ofDays(40).toMillis();
    static final long MINUTE = 60_000;

    private final HotSpotRule rule = new HotSpotRule(RULE, new AccusedUnits("34"));

    // --- thresholds at their edges ---

    @Test
    void nineInAnHourAreNoHotSpotTheTenthMakesOneAndIsTheOneThatTippedIt() {
        List<Observation> seen = inTheLastHour(9, 1);
        assertEquals(List.of(), rule.judge(PLACE_CATEGORY, seen, Map.of(), NOW, SINCE, last(seen).petitionId()));

        Observation tenth = observation(NOW, 1, null);
        seen.add(tenth);
        Change change = only(rule.judge(PLACE_CATEGORY, seen, Map.of(), NOW, SINCE, tenth.petitionId()));
        assertEquals(Kind.DETECTED, change.kind());
        assertTrue(change.kind().published());
        HotSpot h = change.hotSpot();
        assertEquals(HotSpot.Status.DETECTED, h.status());
        assertEquals(1, h.sequence());
        assertEquals(COUNTY_CELL, h.cellKey());
        assertEquals(HotSpot.PlaceLevel.COUNTY, h.placeLevel());
        assertEquals(10, h.petitionCount());
        assertEquals(10, h.emittedPetitionCount());
        assertEquals(HotSpotRule.hotSpotId(COUNTY_CELL, NOW), h.hotspotId(), "the same cell and moment, the same id");
        assertEquals(ids(seen), h.petitionIds(), "the petitions behind it, oldest first");
        assertEquals(seen, change.behind());
        assertSame(tenth, change.tippedBy());

        HotSpot.Reason reason = only(h.reasons());
        assertEquals(HotSpot.Rule.SURGE, reason.rule());
        assertEquals("hour", reason.window());
        assertTrue(reason.explanation().startsWith("10 petitions in the last PT1H reach the threshold 10: the larger of "
                + "the minimum 10 and 3 × 0 expected from 0 petitions"), reason.explanation());
        HotSpot.WindowFigures hour = figures(h, "hour");
        assertEquals(10, hour.petitions());
        assertEquals(10.0, hour.threshold());
        assertTrue(hour.judged() && hour.surge());
        assertFalse(figures(h, "day").surge(), "10 in a day are below the day's 20");
        assertFalse(figures(h, "week").surge());
    }

    @Test
    void aBusyCountyNeedsThreeTimesItsBaselineNotJustTheMinimum() {
        // ten a day for the four weeks before the day window: a day expects 10, so its threshold is 3 × 10 = 30
        List<Observation> baseline = new ArrayList<>();
        long dayWindowStart = NOW - Duration.ofHours(24).toMillis();
        for (int j = 0; j < 280; j++) {
            baseline.add(observation(dayWindowStart - j * Duration.ofMinutes(144).toMillis(), 1, null));
        }
        List<Observation> today = new ArrayList<>();
        for (int k = 0; k < 30; k++) {
            today.add(observation(NOW - k * 48 * MINUTE, 1, null)); // two an hour at most: no hour surge
        }

        List<Observation> twentyNine = new ArrayList<>(baseline);
        twentyNine.addAll(today.subList(1, 30));
        assertEquals(List.of(), rule.judge(PLACE_CATEGORY, twentyNine, Map.of(), NOW, SINCE, null),
                "29 in a day where 10 are usual: above the minimum 20, below three times the usual");
        Map<String, HotSpot> none = Map.of();
        HotSpotRule.Evaluation cold = rule.evaluate(rule.cells(PLACE_CATEGORY, twentyNine, none, NOW).get(0), twentyNine,
                NOW, SINCE, java.util.Set.of());
        HotSpot.WindowFigures day = cold.windows().get(1);
        assertEquals(280, day.baselinePetitions());
        assertEquals(10.0, day.expectedPetitions());
        assertEquals(30.0, day.threshold());
        assertFalse(day.surge());

        List<Observation> thirty = new ArrayList<>(baseline);
        thirty.addAll(today);
        Change change = only(rule.judge(PLACE_CATEGORY, thirty, Map.of(), NOW, SINCE, null));
        assertEquals(Kind.DETECTED, change.kind());
        assertEquals("day", only(change.hotSpot().reasons()).window());
        assertEquals(30, change.hotSpot().petitionCount(), "the day window's petitions stand behind it, not the baseline");
        assertNull(change.tippedBy(), "judged on the schedule: no petition tipped it");
    }

    @Test
    void noWindowIsJudgedBeforeAWholeWindowOfBaselineWasWatched() {
        List<Observation> seen = inTheLastHour(10, 1);
        long justShort = NOW - 2 * Duration.ofHours(1).toMillis() + 1;
        assertEquals(List.of(), rule.judge(PLACE_CATEGORY, seen, Map.of(), NOW, justShort, null),
                "a service that started less than two hours ago has not seen an hour of baseline: not judged");
        HotSpotRule.Evaluation e = rule.evaluate(rule.cells(PLACE_CATEGORY, seen, Map.of(), NOW).get(0), seen, NOW,
                justShort, java.util.Set.of());
        assertFalse(e.windows().get(0).judged());

        long exactly = NOW - 2 * Duration.ofHours(1).toMillis();
        assertEquals(Kind.DETECTED, only(rule.judge(PLACE_CATEGORY, seen, Map.of(), NOW, exactly, null)).kind(),
                "one whole hour of (quiet) baseline watched: judged, and 10 reach the minimum");
    }

    @Test
    void aWindowCountsOnlyItsLastSizeAndNothingFromTheFuture() {
        List<Observation> seen = inTheLastHour(9, 1);
        seen.add(observation(NOW - Duration.ofHours(1).toMillis(), 1, null)); // exactly an hour ago: outside (now − 1 h, now]
        seen.add(observation(NOW + 1, 1, null)); // registered after the moment judged
        assertEquals(List.of(), rule.judge(PLACE_CATEGORY, seen, Map.of(), NOW, SINCE, null));
        seen.add(observation(NOW - Duration.ofHours(1).toMillis() + 1, 1, null));
        assertEquals(10, only(rule.judge(PLACE_CATEGORY, seen, Map.of(), NOW, SINCE, null)).hotSpot().petitionCount());
    }

    // --- persons and petitions ---

    @Test
    void personsDoNotMakeASurgeOnlyPetitionsDoButTheyAreCounted() {
        List<Observation> seen = inTheLastHour(9, 5);
        assertEquals(List.of(), rule.judge(PLACE_CATEGORY, seen, Map.of(), NOW, SINCE, null),
                "45 persons in 9 petitions are 9 petitions");
        HotSpotRule.Evaluation e = rule.evaluate(rule.cells(PLACE_CATEGORY, seen, Map.of(), NOW).get(0), seen, NOW,
                SINCE, java.util.Set.of());
        assertEquals(9, e.windows().get(0).petitions());
        assertEquals(45, e.windows().get(0).persons());

        seen.add(observation(NOW, 3, null));
        HotSpot h = only(rule.judge(PLACE_CATEGORY, seen, Map.of(), NOW, SINCE, null)).hotSpot();
        assertEquals(10, h.petitionCount());
        assertEquals(48, h.personCount(), "批次 10, 人次 48");
    }

    @Test
    void oneGroupPetitionOfFiftyPersonsIsAHotSpotOnItsOwnFortyNineIsNot() {
        Observation fortyNine = observation(NOW, 49, TOWNSHIP);
        assertEquals(List.of(), rule.judge(PLACE_CATEGORY, List.of(fortyNine), Map.of(), NOW, SINCE, fortyNine.petitionId()));

        Observation fifty = observation(NOW, 50, TOWNSHIP);
        List<Change> changes = rule.judge(PLACE_CATEGORY, List.of(fortyNine, fifty), Map.of(), NOW, SINCE,
                fifty.petitionId());
        Change change = only(changes);
        HotSpot h = change.hotSpot();
        assertEquals(HotSpot.PlaceLevel.TOWNSHIP, h.placeLevel(), "in its narrowest cell, the township; not the county again");
        assertEquals(TOWNSHIP, h.placeCode());
        HotSpot.Reason reason = only(h.reasons());
        assertEquals(HotSpot.Rule.GROUP_PETITION, reason.rule());
        assertEquals("1 group petition of at least 50 persons in the last PT24H, the largest of 50 persons",
                reason.explanation());
        assertEquals(List.of(fifty.petitionId()), h.petitionIds(), "the group petition stands behind it, not the small one");
        assertEquals(50, h.personCount());
        assertSame(fifty, change.tippedBy());
    }

    @Test
    void aGroupPetitionHoldsItsHotSpotForTwentyFourHoursThenItResolves() {
        Observation group = observation(NOW, 80, null);
        HotSpot detected = only(rule.judge(PLACE_CATEGORY, List.of(group), Map.of(), NOW, SINCE, group.petitionId())).hotSpot();
        Map<String, HotSpot> open = Map.of(COUNTY_CELL, detected);

        long lastHeld = NOW + Duration.ofHours(24).toMillis() - 1;
        assertEquals(List.of(), rule.judge(PLACE_CATEGORY, List.of(group), open, lastHeld, SINCE, null));

        long over = NOW + Duration.ofHours(24).toMillis();
        Change resolved = only(rule.judge(PLACE_CATEGORY, List.of(group), open, over, SINCE, null));
        assertEquals(Kind.RESOLVED, resolved.kind());
        assertEquals(HotSpot.Status.RESOLVED, resolved.hotSpot().status());
        assertEquals(2, resolved.hotSpot().sequence());
        assertEquals(over, resolved.hotSpot().resolvedAt());
        assertEquals(List.of(), resolved.hotSpot().reasons());
        assertEquals(1, resolved.hotSpot().petitionCount(), "what it was stays on record");
        assertEquals(List.of(group), resolved.behind(), "the petitions it stood for, still remembered");
        assertNull(resolved.tippedBy());
    }

    @Test
    void aDisabledGroupRuleFindsNoGroupPetition() {
        HotSpotRule off = new HotSpotRule(new SurgeRule(RULE.baseline(), 5, RULE.windows(),
                new SurgeRule.GroupRule(50, Duration.ofHours(24), false)), new AccusedUnits("34"));
        assertEquals(List.of(), off.judge(PLACE_CATEGORY, List.of(observation(NOW, 500, null)), Map.of(), NOW, SINCE, null));
    }

    // --- cells: the narrowest takes the burst ---

    @Test
    void theNarrowestCellTakesTheBurstAndABroaderOneCountsOnlyWhatItLeavesUnexplained() {
        List<Observation> seen = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            seen.add(observation(NOW - i * MINUTE, 1, TOWNSHIP, List.of("华建建设"), List.of()));
        }
        Change target = only(rule.judge(PLACE_CATEGORY, seen, Map.of(), NOW, SINCE, null));
        assertEquals(HotSpotStores.cellKey(COUNTY, "labour-wages", "华建建设"), target.hotSpot().cellKey(),
                "the employer, not its township nor its county");
        assertEquals("华建建设", target.hotSpot().target());
        assertEquals("华建建设 label", target.hotSpot().targetLabel(), "the spelling as written");
        assertEquals(HotSpot.PlaceLevel.COUNTY, target.hotSpot().placeLevel());

        // ten more in the township, against no one: the township is hot for those ten alone
        for (int i = 0; i < 10; i++) {
            seen.add(observation(NOW - i * MINUTE - 1, 1, TOWNSHIP));
        }
        Map<String, HotSpot> open = Map.of(target.hotSpot().cellKey(), target.hotSpot());
        Change township = only(rule.judge(PLACE_CATEGORY, seen, open, NOW, SINCE, null));
        assertEquals(HotSpotStores.cellKey(TOWNSHIP, "labour-wages", null), township.hotSpot().cellKey());
        assertEquals(10, township.hotSpot().petitionCount(), "the employer's ten are explained by its own hot spot");
        assertTrue(township.behind().stream().allMatch(o -> o.targets().isEmpty()));
    }

    @Test
    void anOpenHotSpotIsJudgedUntilItResolvesEvenWithNoRecentPetition() {
        List<Observation> seen = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            seen.add(observation(NOW - i * MINUTE, 1, TOWNSHIP, List.of("华建建设"), List.of()));
        }
        HotSpot detected = only(rule.judge(PLACE_CATEGORY, seen, Map.of(), NOW, SINCE, null)).hotSpot();
        // eight days on, past every window: the petitions are only baseline now, no cell would be made for them
        long later = NOW + Duration.ofDays(8).toMillis();
        assertTrue(rule.cells(PLACE_CATEGORY, seen, Map.of(), later).stream().allMatch(c -> c.target() == null
                && c.level() == HotSpot.PlaceLevel.COUNTY), "only the county without an open hot spot");
        Change resolved = only(rule.judge(PLACE_CATEGORY, seen, Map.of(detected.cellKey(), detected), later, SINCE, null));
        assertEquals(Kind.RESOLVED, resolved.kind());
        assertEquals(detected.hotspotId(), resolved.hotSpot().hotspotId());
        assertEquals("华建建设", resolved.hotSpot().target());
    }

    // --- growth ---

    @Test
    void anOpenHotSpotIsToldAgainOnlyWhenTheGrowthStepMorePetitionsStandBehindIt() {
        List<Observation> seen = inTheLastHour(10, 1);
        HotSpot detected = only(rule.judge(PLACE_CATEGORY, seen, Map.of(), NOW, SINCE, null)).hotSpot();
        Map<String, HotSpot> open = Map.of(COUNTY_CELL, detected);
        for (int i = 0; i < 4; i++) {
            seen.add(observation(NOW, 1, null));
        }
        assertEquals(List.of(), rule.judge(PLACE_CATEGORY, seen, open, NOW, SINCE, null), "14: four more, below the step");

        Observation fifteenth = observation(NOW, 1, null);
        seen.add(fifteenth);
        Change grown = only(rule.judge(PLACE_CATEGORY, seen, open, NOW, SINCE, fifteenth.petitionId()));
        assertEquals(Kind.GROWING, grown.kind());
        HotSpot h = grown.hotSpot();
        assertEquals(detected.hotspotId(), h.hotspotId());
        assertEquals(2, h.sequence());
        assertEquals(15, h.petitionCount());
        assertEquals(15, h.emittedPetitionCount());
        assertEquals(detected.detectedAt(), h.detectedAt());
        assertEquals(List.of(HotSpot.Status.DETECTED, HotSpot.Status.GROWING),
                h.history().stream().map(HotSpot.Step::status).toList());
        assertSame(fifteenth, grown.tippedBy());
    }

    @Test
    void aPetitionThatDoesNotStandBehindTheHotSpotDidNotTipIt() {
        List<Observation> seen = inTheLastHour(10, 1);
        Observation old = observation(NOW - Duration.ofDays(3).toMillis(), 1, null); // only in the week's count
        seen.add(old);
        Change change = only(rule.judge(PLACE_CATEGORY, seen, Map.of(), NOW, SINCE, old.petitionId()));
        assertEquals(Kind.DETECTED, change.kind());
        assertFalse(change.behind().contains(old));
        assertNull(change.tippedBy());
    }

    @Test
    void anEventNamesAtMostTwoHundredPetitionsButCountsThemAll() {
        List<Observation> seen = new ArrayList<>();
        for (int i = 0; i < 250; i++) {
            seen.add(observation(NOW - i * 10_000L, 1, null));
        }
        HotSpot h = only(rule.judge(PLACE_CATEGORY, seen, Map.of(), NOW, SINCE, null)).hotSpot();
        assertEquals(250, h.petitionCount());
        assertEquals(HotSpotRule.MAX_PETITION_IDS, h.petitionIds().size());
    }

    // --- recusal ---

    @Test
    void theAccusedUnitsOfEveryPetitionBehindAreCarriedAndOnlyGrow() {
        List<Observation> seen = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            seen.add(observation(NOW - i * MINUTE, 1, null, List.of(),
                    i == 0 ? List.of("3413-ZF") : i % 2 == 0 ? List.of("341302-RSJ") : List.of()));
        }
        HotSpot detected = only(rule.judge(PLACE_CATEGORY, seen, Map.of(), NOW, SINCE, null)).hotSpot();
        assertEquals(List.of("3413-ZF", "341302-RSJ"), detected.accusedUnitCodes());
        assertTrue(detected.recuses("3413"), "the accused city's own supervisors do not see it");
        assertFalse(detected.recuses("34"));

        // one more, below the growth step, accuses another unit: not told, but hidden from that unit at once
        Observation accusing = observation(NOW, 1, null, List.of(), List.of("341302-JYJ"));
        seen.add(accusing);
        Map<String, HotSpot> open = Map.of(COUNTY_CELL, detected);
        Change recused = only(rule.judge(PLACE_CATEGORY, seen, open, NOW, SINCE, accusing.petitionId()));
        assertEquals(Kind.RECUSED, recused.kind());
        assertFalse(recused.kind().published());
        assertEquals(List.of("3413-ZF", "341302-JYJ", "341302-RSJ"), recused.hotSpot().accusedUnitCodes());
        assertEquals(1, recused.hotSpot().sequence(), "otherwise what its last event said");
        assertEquals(10, recused.hotSpot().petitionCount());

        // the petitions that accused leave the window: the set stays, and the resolved hot spot keeps it
        HotSpot stored = recused.hotSpot();
        long later = NOW + Duration.ofHours(2).toMillis();
        Change resolved = only(rule.judge(PLACE_CATEGORY, seen, Map.of(COUNTY_CELL, stored), later, SINCE, null));
        assertEquals(Kind.RESOLVED, resolved.kind());
        assertEquals(stored.accusedUnitCodes(), resolved.hotSpot().accusedUnitCodes());
    }

    @Test
    void aGrowingHotSpotKeepsTheUnitsAccusedByPetitionsNoLongerBehindIt() {
        List<Observation> seen = new ArrayList<>();
        seen.add(observation(NOW - 50 * MINUTE, 1, null, List.of(), List.of("341302-RSJ")));
        for (int i = 1; i < 10; i++) {
            seen.add(observation(NOW - i * MINUTE, 1, null));
        }
        HotSpot detected = only(rule.judge(PLACE_CATEGORY, seen, Map.of(), NOW, SINCE, null)).hotSpot();
        assertEquals(List.of("341302-RSJ"), detected.accusedUnitCodes());
        // 20 minutes on the accusing petition has left the hour; six more make it grow
        long later = NOW + 20 * MINUTE;
        for (int i = 0; i < 6; i++) {
            seen.add(observation(later - i * MINUTE, 1, null));
        }
        Change grown = only(rule.judge(PLACE_CATEGORY, seen, Map.of(COUNTY_CELL, detected), later, SINCE, null));
        assertEquals(Kind.GROWING, grown.kind());
        assertTrue(grown.behind().stream().allMatch(o -> o.accusedUnitCodes().isEmpty()));
        assertEquals(List.of("341302-RSJ"), grown.hotSpot().accusedUnitCodes(),
                "a unit once accused behind it was shown with it: it stays recused");
    }

    // --- helpers ---

    /** {@code n} petitions in the last hour, the newest at now, one minute apart. */
    private static List<Observation> inTheLastHour(int n, int persons) {
        List<Observation> seen = new ArrayList<>();
        for (int i = n - 1; i >= 0; i--) {
            seen.add(observation(NOW - (i + 1) * MINUTE + 1, persons, null));
        }
        return seen;
    }

    private static Observation observation(long at, int persons, String township) {
        return observation(at, persons, township, List.of(), List.of());
    }

    private static Observation observation(long at, int persons, String township, List<String> targets,
                                           List<String> accused) {
        return new Observation(UUID.randomUUID().toString(), township, persons, at, targets,
                targets.stream().map(t -> t + " label").toList(), accused);
    }

    private static Observation last(List<Observation> seen) {
        return seen.get(seen.size() - 1);
    }

    private static List<String> ids(List<Observation> seen) {
        return seen.stream().map(Observation::petitionId).toList();
    }

    private static HotSpot.WindowFigures figures(HotSpot h, String window) {
        return h.windows().stream().filter(w -> w.window().equals(window)).findFirst().orElseThrow();
    }

    private static <T> T only(List<T> list) {
        assertEquals(1, list.size(), "exactly one: " + list);
        return list.get(0);
    }
}

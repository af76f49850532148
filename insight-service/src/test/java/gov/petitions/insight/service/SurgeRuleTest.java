package gov.petitions.insight.service;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The hot-spot rule by itself, with the defaults of README.md ("The rule"), on registration times alone: no Kafka
 * Streams, no stores; each case runs in milliseconds. {@code HotSpotTopologyTest} runs the same worked examples
 * through the topology.
 */
class SurgeRuleTest {

    static final Duration HOUR = Duration.ofHours(1);
    static final Duration DAY = Duration.ofDays(1);

    /** The configured defaults: baseline 28 days; hour 10 × 3, day 20 × 3, week 40 × 3; groups of 50 for 24 h; step 5. */
    static final SurgeRule DEFAULTS = new SurgeRule(Duration.ofDays(28), 5, List.of(
            new SurgeRule.WindowRule("hour", HOUR, 10, 3, true),
            new SurgeRule.WindowRule("day", DAY, 20, 3, true),
            new SurgeRule.WindowRule("week", Duration.ofDays(7), 40, 3, true)),
            new SurgeRule.GroupRule(50, Duration.ofHours(24), true));

    static final long START = Instant.parse("2025-03-03T01:00:00Z").toEpochMilli();
    /** The service has watched the county for more than a whole baseline: a quiet county is known to be quiet. */
    static final long WATCHING_SINCE = START - Duration.ofDays(40).toMillis();

    private static List<String> surging(List<SurgeRule.Verdict> verdicts) {
        return verdicts.stream().filter(SurgeRule.Verdict::surge).map(SurgeRule.Verdict::window).toList();
    }

    private static SurgeRule.Verdict window(List<SurgeRule.Verdict> verdicts, String name) {
        return verdicts.stream().filter(v -> v.window().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void thirtyPetitionsInOneHourInAQuietCountyFireAtTheTenthAndGrowAt15_20_25_30() {
        List<Long> times = new ArrayList<>();
        List<Integer> events = new ArrayList<>();
        Integer emitted = null;
        for (int i = 0; i < 30; i++) {
            long now = START + Duration.ofMinutes(2L * i).toMillis();
            times.add(now);
            List<SurgeRule.Verdict> verdicts = DEFAULTS.judge(now, WATCHING_SINCE, times, times);
            if (times.size() < 10) {
                assertEquals(List.of(), surging(verdicts), times.size() + " petitions are below every minimum");
            } else {
                assertTrue(surging(verdicts).contains("hour"), "hour: " + times.size() + " ≥ max(10, 3 × 0)");
            }
            // the detector's steps: DETECTED when hot, GROWING for every growth step more petitions behind it
            if (!surging(verdicts).isEmpty() && (emitted == null || DEFAULTS.grown(times.size(), emitted))) {
                emitted = times.size();
                events.add(emitted);
            }
        }
        assertEquals(List.of(10, 15, 20, 25, 30), events);
        SurgeRule.Verdict hour = window(DEFAULTS.judge(times.get(29), WATCHING_SINCE, times, times), "hour");
        assertEquals(30, hour.petitions());
        assertEquals(0, hour.baselinePetitions());
        assertEquals(0.0, hour.expected());
        assertEquals(10.0, hour.threshold());
    }

    @Test
    void theSameThirtyOneADayOverAMonthNeverFire() {
        List<Long> times = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            long now = START + Duration.ofDays(i).toMillis();
            times.add(now);
            List<SurgeRule.Verdict> verdicts = DEFAULTS.judge(now, WATCHING_SINCE, times, times);
            assertEquals(List.of(), surging(verdicts), "day " + i);
        }
        List<SurgeRule.Verdict> last = DEFAULTS.judge(times.get(29), WATCHING_SINCE, times, times);
        assertEquals(List.of(1, 1, 7), last.stream().map(SurgeRule.Verdict::petitions).toList(),
                "hour 1, day 1, week 7: all below the minimums 10, 20, 40");
    }

    /**
     * Four weeks at {@code before} a day, then a week at {@code after} a day, evenly spread, in a county watched
     * since long before; judged at each arrival of the last week, collecting the windows that surged.
     */
    private static List<SurgeRule.Verdict> fourWeeksThenAWeek(int before, int after, List<String> surgedWindows) {
        List<Long> times = new ArrayList<>();
        for (int day = 0; day < 28; day++) {
            for (int n = 0; n < before; n++) {
                times.add(START + Duration.ofDays(day).plus(DAY.multipliedBy(n).dividedBy(before)).toMillis());
            }
        }
        List<SurgeRule.Verdict> verdicts = List.of();
        for (int day = 28; day < 35; day++) {
            for (int n = 0; n < after; n++) {
                long now = START + Duration.ofDays(day).plus(DAY.multipliedBy(n).dividedBy(after)).toMillis();
                times.add(now);
                verdicts = DEFAULTS.judge(now, WATCHING_SINCE, times, times);
                surging(verdicts).stream().filter(w -> !surgedWindows.contains(w)).forEach(surgedWindows::add);
            }
        }
        return verdicts;
    }

    @Test
    void aFortyPercentRiseForAWeekOverALearntBaselineDoesNotFire() {
        List<String> surged = new ArrayList<>();
        List<SurgeRule.Verdict> last = fourWeeksThenAWeek(10, 14, surged);
        assertEquals(List.of(), surged, "a rise proportional to the baseline is not a hot spot");
        SurgeRule.Verdict week = window(last, "week");
        assertEquals(98, week.petitions());
        assertEquals(280, week.baselinePetitions());
        assertEquals(70.0, week.expected(), 1e-9);
        assertEquals(210.0, week.threshold(), 1e-9, "week: 98 < max(40, 3 × 70)");
    }

    @Test
    void theSameFourteenADayOverABaselineOfOneADayFiresInTheWeekWindow() {
        // the contrast: the rule compares with the place's own past, not with a fixed number
        List<String> surged = new ArrayList<>();
        SurgeRule.Verdict week = window(fourWeeksThenAWeek(1, 14, surged), "week");
        assertTrue(surged.contains("week"), surged.toString());
        assertEquals(98, week.petitions());
        assertEquals(7.0, week.expected(), 1e-9);
        assertEquals(40.0, week.threshold(), 1e-9, "max(40, 3 × 7)");
    }

    @ParameterizedTest(name = "{0} persons, {1} minutes before: {2}")
    @CsvSource(textBlock = """
            80,    0, true
            50,    0, true
            49,    0, false
            80, 1439, true
            80, 1440, false
            80,   -1, false
            """)
    void aGroupPetitionOfAtLeastFiftyPersonsKeepsItsCellHotFor24Hours(int persons, long minutesBefore, boolean hot) {
        assertEquals(hot, DEFAULTS.group().holds(persons, START - Duration.ofMinutes(minutesBefore).toMillis(), START));
    }

    @Test
    void aGroupPetitionFiresEvenBeforeAnyWindowIsJudgedAndNotWhenTheGroupRuleIsOff() {
        // the service saw its first petition a minute ago: no window is judged yet, the group rule holds at once
        List<Long> one = List.of(START);
        assertTrue(DEFAULTS.judge(START, START - 60_000, one, one).stream().noneMatch(SurgeRule.Verdict::judged));
        assertTrue(DEFAULTS.group().holds(80, START, START));
        assertFalse(new SurgeRule.GroupRule(50, Duration.ofHours(24), false).holds(80, START, START));
    }

    @ParameterizedTest(name = "watched for {0} h before now: hour window watched {1} h, judged {2}")
    @CsvSource(textBlock = """
              0.5,   0, false
              1,     0, false
              1.5,   0.5, false
              2,     1, true
              25,   24, true
            1000,  672, true
            """)
    void aWindowIsJudgedOnlyOnceAWholeWindowsLengthOfBaselineHasBeenWatched(double hoursWatching, double watchedHours,
                                                                              boolean judged) {
        SurgeRule.WindowRule hour = DEFAULTS.window("hour");
        long since = START - (long) (hoursWatching * 3_600_000);
        Duration watched = hour.watched(DEFAULTS.baseline(), START, since);
        assertEquals((long) (watchedHours * 3_600_000), watched.toMillis());
        assertEquals(judged, hour.judge(30, 0, watched).judged());
        assertEquals(judged, hour.judge(30, 0, watched).surge(), "30 in an hour surge only once judged");
        assertFalse(hour.judge(30, 0, hour.watched(DEFAULTS.baseline(), START, null)).judged(), "nothing seen yet");
    }

    @ParameterizedTest(name = "{0}: {1} petitions, {2} in the baseline watched for {3} → expected {4}, threshold {5}, surge {6}")
    @CsvSource(textBlock = """
            hour, 10,    0, P28D,  0,     10,    true
            hour,  9,    0, P28D,  0,     10,    false
            hour, 10,  672, P28D,  1,     10,    true
            hour, 29, 6720, P28D, 10,     30,    false
            hour, 30, 6720, P28D, 10,     30,    true
            hour, 30,   10, PT10H, 1,     10,    true
            day,  20,   28, P28D,  1,     20,    true
            day,  40,  280, P28D, 10,     30,    true
            day,  29,  280, P28D, 10,     30,    false
            week, 98,  280, P28D, 70,    210,    false
            week, 40,    0, P28D,  0,     40,    true
            """)
    void theThresholdIsTheLargerOfTheMinimumAndRatioTimesTheExpectedScaledFromTheBaseline(
            String window, int petitions, int baseline, Duration watched, double expected, double threshold, boolean surge) {
        SurgeRule.Verdict verdict = DEFAULTS.window(window).judge(petitions, baseline, watched);
        assertEquals(expected, verdict.expected(), 1e-9);
        assertEquals(threshold, verdict.threshold(), 1e-9);
        assertEquals(surge, verdict.surge());
    }

    @Test
    void aDisabledWindowNeverSurges() {
        SurgeRule.WindowRule off = new SurgeRule.WindowRule("hour", HOUR, 10, 3, false);
        assertFalse(off.judge(1000, 0, Duration.ofDays(28)).surge());
        assertTrue(off.judge(1000, 0, Duration.ofDays(28)).judged(), "its figures are still shown");
    }

    @ParameterizedTest(name = "at {0} minutes before now: current {1}, baseline {2}")
    @CsvSource(textBlock = """
                0, true,  false
               59, true,  false
               60, false, true
              120, false, true
            40379, false, true
            40380, false, false
              -1, false, false
            """)
    void theWindowIsTheLastSizeUpToNowAndTheBaselineIsTheWatchedPeriodJustBeforeIt(long minutesBefore, boolean current,
                                                                                    boolean inBaseline) {
        // hour window: (now − 1 h, now]; baseline of 28 days: (now − 1 h − 28 d, now − 1 h]; 40380 min = 1 h + 28 d
        SurgeRule.WindowRule hour = DEFAULTS.window("hour");
        long at = START - Duration.ofMinutes(minutesBefore).toMillis();
        assertEquals(current, hour.current(at, START));
        assertEquals(inBaseline, hour.inBaseline(at, START, Duration.ofDays(28)));
    }

    @ParameterizedTest(name = "{0} behind it, last event at {1}: grown {2}")
    @CsvSource(textBlock = """
            14, 10, false
            15, 10, true
            30, 10, true
            10, 10, false
            """)
    void aHotSpotIsPublishedAgainOnlyWhenGrowthStepMorePetitionsStandBehindIt(int petitions, int emitted, boolean grown) {
        assertEquals(grown, DEFAULTS.grown(petitions, emitted));
    }

    @Test
    void aGrowthStepOfZeroStillNeedsOneMorePetition() {
        SurgeRule everyPetition = new SurgeRule(DEFAULTS.baseline(), 0, DEFAULTS.windows(), DEFAULTS.group());
        assertFalse(everyPetition.grown(10, 10));
        assertTrue(everyPetition.grown(11, 10));
    }

    @Test
    void theLookBackCoversTheLongestWindowOrTheGroupHoldPlusTheBaseline() {
        assertEquals(Duration.ofDays(35), DEFAULTS.lookBack());
        SurgeRule longHold = new SurgeRule(DEFAULTS.baseline(), 5, List.of(DEFAULTS.window("hour")),
                new SurgeRule.GroupRule(50, Duration.ofDays(3), true));
        assertEquals(Duration.ofDays(31), longHold.lookBack());
    }
}

package gov.petitions.insight.service;

import gov.petitions.insight.config.InsightConfig;

import java.time.Duration;
import java.util.Collection;
import java.util.List;

/**
 * The rule as it is applied right now: the configured one, possibly with thresholds changed at
 * runtime. Immutable, so the detector reads one consistent rule per evaluation.
 */
public record SurgeRule(Duration baseline, int growthStep, List<WindowRule> windows, GroupRule group) {

    public record WindowRule(String name, Duration size, int minPetitions, double ratio, boolean enabled) {

        /** The expected count of the window: the baseline's count scaled from the baseline's length. */
        public double expected(long baselinePetitions, Duration baseline) {
            return baselinePetitions * (double) size.toMillis() / baseline.toMillis();
        }

        public double threshold(double expected) {
            return Math.max(minPetitions, ratio * expected);
        }

        /** Whether a petition registered at {@code at} counts in this window ending at {@code now}: (now − size, now]. */
        public boolean current(long at, long now) {
            return at > now - size.toMillis() && at <= now;
        }

        /**
         * How much of the baseline before this window the service has watched: the whole {@code baseline} once it
         * has seen petitions for that long before the window, else the part since {@code since} (the first petition
         * it saw; null when it has seen none), never less than nothing. A baseline not watched is not a quiet one.
         */
        public Duration watched(Duration baseline, long now, Long since) {
            long start = since == null ? now : since;
            return Duration.ofMillis(Math.max(0, Math.min(baseline.toMillis(), now - size.toMillis() - start)));
        }

        /** Whether a petition registered at {@code at} counts in the baseline: (now − size − watched, now − size]. */
        public boolean inBaseline(long at, long now, Duration watched) {
            long end = now - size.toMillis();
            return at > end - watched.toMillis() && at <= end;
        }

        /**
         * The window's verdict: judged only once a whole window's length of baseline has been watched; expected =
         * baseline petitions × size / watched; threshold = max(minimum, ratio × expected); a surge when enabled,
         * judged and the petitions reach the threshold.
         */
        public Verdict judge(int petitions, int baselinePetitions, Duration watched) {
            boolean judged = watched.toMillis() >= size.toMillis();
            double expected = judged ? expected(baselinePetitions, watched) : 0;
            double threshold = threshold(expected);
            return new Verdict(name, petitions, baselinePetitions, watched, expected, threshold, judged,
                    enabled && judged && petitions >= threshold);
        }
    }

    /** One window's figures at one moment, as the rule judged them. */
    public record Verdict(String window, int petitions, int baselinePetitions, Duration watched, double expected,
                          double threshold, boolean judged, boolean surge) {
    }

    public record GroupRule(int minPersons, Duration hold, boolean enabled) {

        /** Whether one petition of {@code persons} persons registered at {@code at} makes its cell hot at {@code now}. */
        public boolean holds(int persons, long at, long now) {
            return enabled && persons >= minPersons && at > now - hold.toMillis() && at <= now;
        }
    }

    /**
     * Every window's verdict for one cell at {@code now}, from the registration times of the cell's petitions and of
     * its place × category's petitions (the baseline), the service having watched since {@code since}. The detector
     * applies the same steps to its stored observations.
     */
    public List<Verdict> judge(long now, Long since, Collection<Long> cellTimes, Collection<Long> placeTimes) {
        return windows.stream().map(w -> {
            Duration watched = w.watched(baseline, now, since);
            int current = (int) cellTimes.stream().filter(at -> w.current(at, now)).count();
            int before = (int) placeTimes.stream().filter(at -> w.inBaseline(at, now, watched)).count();
            return w.judge(current, before, watched);
        }).toList();
    }

    public static SurgeRule of(InsightConfig.Rule config) {
        return new SurgeRule(config.baseline(), config.growthStep(), List.of(
                window("hour", config.hour()), window("day", config.day()), window("week", config.week())),
                new GroupRule(config.groupPetition().minPersons(), config.groupPetition().hold(),
                        config.groupPetition().enabled()));
    }

    private static WindowRule window(String name, InsightConfig.Window w) {
        return new WindowRule(name, w.size(), w.minPetitions(), w.ratio(), w.enabled());
    }

    /**
     * Whether a hot spot whose last event stood for {@code emitted} petitions is published again (GROWING) now that
     * {@code petitions} stand behind it: at least {@link #growthStep()} more, and at least one more.
     */
    public boolean grown(int petitions, int emitted) {
        return petitions >= emitted + Math.max(1, growthStep);
    }

    /** The longest stretch of history an evaluation looks at. */
    public Duration lookBack() {
        Duration longest = windows.stream().map(WindowRule::size).max(Duration::compareTo).orElse(Duration.ZERO);
        if (group.hold().compareTo(longest) > 0) {
            longest = group.hold();
        }
        return longest.plus(baseline);
    }

    public WindowRule window(String name) {
        return windows.stream().filter(w -> w.name().equals(name)).findFirst().orElse(null);
    }
}

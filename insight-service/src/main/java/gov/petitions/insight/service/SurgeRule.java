package gov.petitions.insight.service;

import gov.petitions.insight.config.InsightConfig;

import java.time.Duration;
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
    }

    public record GroupRule(int minPersons, Duration hold, boolean enabled) {
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

package gov.petitions.insight.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/**
 * The hot-spot rule and the stores behind it, as ISO-8601 durations, so a test can run a month in
 * milliseconds and an operator can read every threshold the service applies. The thresholds (not the
 * window sizes, which shape the state stores) can also be changed at runtime: see RuleResource.
 */
@ConfigMapping(prefix = "insight")
public interface InsightConfig {

    Rule rule();

    /** How long the windowed counts behind the charts are kept. */
    @WithDefault("P35D")
    Duration seriesRetention();

    /** How long a resolved hot spot stays queryable (its history). */
    @WithDefault("P90D")
    Duration historyRetention();

    /**
     * A petition redelivered within this time (same petition id) is counted once: the outbox
     * publishes at least once.
     */
    @WithDefault("P7D")
    Duration dedupRetention();

    /** How often active hot spots are re-evaluated when no petition arrives, so they resolve on time. */
    @WithDefault("PT1M")
    Duration evaluationInterval();

    interface Rule {
        /** The trailing period the current window is compared with (same place × category). */
        @WithDefault("P28D")
        Duration baseline();

        /** A new event for an active hot spot only when this many more petitions stand behind it. */
        @WithDefault("5")
        int growthStep();

        Window hour();

        Window day();

        Window week();

        GroupPetition groupPetition();
    }

    interface Window {
        Duration size();

        /** Never a hot spot below this many petitions in the window, however quiet the baseline was. */
        int minPetitions();

        /** How many times the expected count (baseline scaled to the window) the window must reach. */
        @WithDefault("3")
        double ratio();

        @WithDefault("true")
        boolean enabled();
    }

    interface GroupPetition {
        /** One petition of at least this many persons (集体访) is a hot spot on its own. */
        @WithDefault("50")
        int minPersons();

        /** For how long after it was registered such a petition keeps its hot spot active. */
        @WithDefault("PT24H")
        Duration hold();

        @WithDefault("true")
        boolean enabled();
    }
}

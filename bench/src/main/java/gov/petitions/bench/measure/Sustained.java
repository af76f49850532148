package gov.petitions.bench.measure;

import java.util.ArrayList;
import java.util.List;

/**
 * Whether a system sustained an offered rate over a measurement window. All of:
 * <ul>
 *   <li>the acknowledged rate (acknowledgements that arrived in the window ÷ its length) is at least
 *       (1 − tolerance) × the offered rate;</li>
 *   <li>the backlog (petitions sent and not yet acknowledged) does not grow: its mean over the last tenth of the window
 *       exceeds its mean over the first tenth by at most {@code backlogGrowthSeconds} × the offered rate (what one
 *       more second of latency would add);</li>
 *   <li>p99 from the intended send to the acknowledgement, failures ranked as infinite, is under the limit;</li>
 *   <li>nothing was lost (HTTP error or time-out, or an outcome missing at the end of the drain).</li>
 * </ul>
 */
public final class Sustained {

    /** tolerance: the share by which the acknowledged rate may fall short of the offered; limits as above */
    public record Criteria(double tolerance, double p99LimitMs, double backlogGrowthSeconds) {
        public static final Criteria DEFAULT = new Criteria(0.02, 2_000, 1.0);
    }

    public record Verdict(boolean passed, double acknowledgedRate, double backlogGrowth, List<String> reasons) {
    }

    private Sustained() {
    }

    /**
     * @param offeredRate       petitions per second the generator sent
     * @param windowS           the window's length in seconds
     * @param acknowledgedInWindow acknowledgements that arrived in the window (of any petition of this stage)
     * @param backlogPerSecond  the backlog at each second of the window (sent so far − acknowledged so far)
     * @param p99AckMs          p99 to the acknowledgement of the petitions sent in the window; null when it falls
     *                          among the failures
     * @param lost              petitions of this stage lost
     */
    public static Verdict judge(Criteria criteria, double offeredRate, double windowS, long acknowledgedInWindow,
                                long[] backlogPerSecond, Double p99AckMs, long lost) {
        List<String> reasons = new ArrayList<>();
        double acknowledgedRate = windowS > 0 ? acknowledgedInWindow / windowS : 0;
        if (acknowledgedRate < (1 - criteria.tolerance()) * offeredRate) {
            reasons.add(String.format(java.util.Locale.ROOT, "acknowledged %.1f/s < %.0f %% of offered %.1f/s",
                    acknowledgedRate, 100 * (1 - criteria.tolerance()), offeredRate));
        }
        double growth = backlogGrowth(backlogPerSecond);
        if (growth > criteria.backlogGrowthSeconds() * offeredRate) {
            reasons.add(String.format(java.util.Locale.ROOT, "backlog grew by %.0f petitions (allowed %.0f)", growth,
                    criteria.backlogGrowthSeconds() * offeredRate));
        }
        if (p99AckMs == null) {
            reasons.add("p99 to the acknowledgement falls among lost petitions");
        } else if (p99AckMs >= criteria.p99LimitMs()) {
            reasons.add(String.format(java.util.Locale.ROOT, "p99 to the acknowledgement %.0f ms ≥ %.0f ms", p99AckMs,
                    criteria.p99LimitMs()));
        }
        if (lost > 0) {
            reasons.add(lost + " lost");
        }
        return new Verdict(reasons.isEmpty(), acknowledgedRate, growth, List.copyOf(reasons));
    }

    /**
     * The peer reports only its backlog at the window's end: it passes when that backlog is at most what a system
     * answering every petition within the p99 limit carries (offered rate × limit), its reached rate is within the
     * tolerance, its p99 is under the limit, and it lost nothing.
     */
    public static Verdict judgePeer(Criteria criteria, double offeredRate, double reachedRate, long backlogAtWindowEnd,
                                    double p99Ms, long lost) {
        List<String> reasons = new ArrayList<>();
        if (reachedRate < (1 - criteria.tolerance()) * offeredRate) {
            reasons.add(String.format(java.util.Locale.ROOT, "reached %.1f/s < %.0f %% of offered %.1f/s", reachedRate,
                    100 * (1 - criteria.tolerance()), offeredRate));
        }
        double allowed = offeredRate * criteria.p99LimitMs() / 1000.0;
        if (backlogAtWindowEnd > allowed) {
            reasons.add(String.format(java.util.Locale.ROOT, "backlog %d at the window's end (allowed %.0f)",
                    backlogAtWindowEnd, allowed));
        }
        if (p99Ms >= criteria.p99LimitMs()) {
            reasons.add(String.format(java.util.Locale.ROOT, "p99 %.0f ms ≥ %.0f ms", p99Ms, criteria.p99LimitMs()));
        }
        if (lost > 0) {
            reasons.add(lost + " lost");
        }
        return new Verdict(reasons.isEmpty(), reachedRate, backlogAtWindowEnd, List.copyOf(reasons));
    }

    /** Mean backlog over the last tenth of the window minus the mean over the first tenth (at least one second each). */
    public static double backlogGrowth(long[] backlogPerSecond) {
        int n = backlogPerSecond.length;
        if (n < 2) {
            return 0;
        }
        int tenth = Math.max(1, n / 10);
        return mean(backlogPerSecond, n - tenth, n) - mean(backlogPerSecond, 0, tenth);
    }

    private static double mean(long[] values, int from, int to) {
        double sum = 0;
        for (int i = from; i < to; i++) {
            sum += values[i];
        }
        return sum / (to - from);
    }
}

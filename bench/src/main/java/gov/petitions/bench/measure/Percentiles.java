package gov.petitions.bench.measure;

import java.util.Arrays;

/**
 * Latency percentiles in which a petition that never got there counts: a failure (HTTP error, time-out, outcome
 * missing at the end of the drain) ranks above every completed petition, as an infinite latency. A percentile that
 * falls among the failures has no value ({@code null}): at least (100 - p) % of the petitions never got there.
 * Nearest-rank method: the p-th percentile of n values is the ⌈p/100 · n⌉-th smallest.
 */
public final class Percentiles {

    /** completed: how many got there; failed: how many did not; a percentile is null when it falls among the failures */
    public record Stats(int completed, int failed, Double p50, Double p95, Double p99, Double max) {
        public int total() {
            return completed + failed;
        }
    }

    private Percentiles() {
    }

    /** @param completedMs the latencies of the petitions that got there, any order; failed the count that did not */
    public static Stats of(double[] completedMs, int failed) {
        double[] sorted = completedMs.clone();
        Arrays.sort(sorted);
        int n = sorted.length + failed;
        return new Stats(sorted.length, failed, at(sorted, n, 50), at(sorted, n, 95), at(sorted, n, 99),
                n == 0 ? null : failed > 0 ? null : round(sorted[sorted.length - 1]));
    }

    /** The nearest-rank p-th percentile of n values of which the first sorted.length are known, the rest infinite. */
    static Double at(double[] sorted, int n, double p) {
        if (n == 0) {
            return null;
        }
        int rank = Math.max(1, (int) Math.ceil(p / 100.0 * n)); // 1-based
        return rank <= sorted.length ? round(sorted[rank - 1]) : null;
    }

    private static double round(double ms) {
        return Math.round(ms * 10) / 10.0;
    }
}

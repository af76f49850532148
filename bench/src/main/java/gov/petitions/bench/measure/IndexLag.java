package gov.petitions.bench.measure;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * How far search's read model (intake's case_projection, fed by case.assigned and case.status-changed) lags the
 * events, two ways: intake's own gauge {@code petitions.search.lag.seconds} scraped once a second, and what a user
 * sees — the time from a ledger entry's event to the first search that finds the case in its new state. The pure part:
 * reading the gauge out of Prometheus text and summarising either series over a window.
 */
public final class IndexLag {

    /** The gauge's name as Micrometer's Prometheus registry writes it (dots become underscores). */
    public static final String GAUGE = "petitions_search_lag_seconds";

    private IndexLag() {
    }

    /** One scrape of intake's /q/metrics: when (System.nanoTime) and the gauge per topic, in seconds. */
    public record GaugeSample(long nanos, Map<String, Double> secondsByTopic) {
    }

    /**
     * One end-to-end sample: a petition's ledger entry seen by the generator at {@code seenNanos}, then search polled
     * until it found the case in its new state. {@code fromEventMs}: from the event record's timestamp to the answer
     * that found it; {@code fromSeenMs}: from the moment the generator consumed the record; both null when it was
     * never found within the time-out; {@code polls}: the searches it took.
     */
    public record Probe(long seenNanos, Double fromEventMs, Double fromSeenMs, int polls) {

        public boolean timedOut() {
            return fromSeenMs == null;
        }
    }

    /**
     * The gauge's value per {@code topic} label from a Prometheus text exposition, e.g.
     * {@code petitions_search_lag_seconds{topic="case.assigned",} 0.042}; other metrics, comments, a sample without a
     * topic label and an unparsable value are skipped.
     */
    public static Map<String, Double> parseGauge(String prometheus) {
        Map<String, Double> byTopic = new TreeMap<>();
        for (String line : prometheus.split("\n")) {
            if (!line.startsWith(GAUGE + "{")) {
                continue; // another metric, a # HELP/# TYPE line, or a longer name that merely starts the same
            }
            int close = line.indexOf('}');
            if (close < 0) {
                continue;
            }
            String topic = label(line.substring(GAUGE.length() + 1, close), "topic");
            String[] rest = line.substring(close + 1).strip().split("\\s+");
            if (topic == null || rest.length == 0) {
                continue;
            }
            try {
                byTopic.put(topic, Double.parseDouble(rest[0]));
            } catch (NumberFormatException e) {
                // NaN is parsed; anything else is not a value
            }
        }
        return byTopic;
    }

    /** A label's value from {@code a="x",b="y",} (escaped quotes inside values are not expected in topic names). */
    static String label(String labels, String name) {
        int at = 0;
        while (at < labels.length()) {
            int eq = labels.indexOf("=\"", at);
            if (eq < 0) {
                return null;
            }
            int end = labels.indexOf('"', eq + 2);
            if (end < 0) {
                return null;
            }
            String key = labels.substring(at, eq).replace(",", "").strip();
            if (key.equals(name)) {
                return labels.substring(eq + 2, end);
            }
            at = end + 1;
        }
        return null;
    }

    /**
     * The gauge over [from, to): per topic, the samples' distribution in milliseconds. A scrape that failed is not a
     * sample (it is counted apart by the caller); a topic missing from a scrape (intake registers both at start) adds
     * nothing for that topic.
     */
    public static Map<String, Percentiles.Stats> gauge(List<GaugeSample> samples, long from, long to) {
        Map<String, List<Double>> byTopic = new TreeMap<>();
        for (GaugeSample sample : samples) {
            if (sample.nanos() < from || sample.nanos() >= to) {
                continue;
            }
            sample.secondsByTopic().forEach((topic, seconds) -> {
                if (!seconds.isNaN()) {
                    byTopic.computeIfAbsent(topic, t -> new ArrayList<>()).add(seconds * 1000);
                }
            });
        }
        Map<String, Percentiles.Stats> stats = new LinkedHashMap<>();
        byTopic.forEach((topic, ms) -> stats.put(topic, Percentiles.of(ms.stream().mapToDouble(Double::doubleValue).toArray(), 0)));
        return stats;
    }

    /** End-to-end samples whose ledger entry was seen in [from, to): the lag distributions, time-outs ranked last. */
    public record EndToEnd(int samples, int timedOut, Percentiles.Stats fromEventMs, Percentiles.Stats fromSeenMs,
                           long searches) {
    }

    public static EndToEnd endToEnd(List<Probe> probes, long from, long to) {
        List<Double> event = new ArrayList<>();
        List<Double> seen = new ArrayList<>();
        int timedOut = 0;
        int samples = 0;
        long searches = 0;
        for (Probe probe : probes) {
            if (probe.seenNanos() < from || probe.seenNanos() >= to) {
                continue;
            }
            samples++;
            searches += probe.polls();
            if (probe.timedOut()) {
                timedOut++;
                continue;
            }
            seen.add(probe.fromSeenMs());
            // the record's timestamp is another process's wall clock: a step of the clock could make it negative
            event.add(Math.max(0, probe.fromEventMs()));
        }
        return new EndToEnd(samples, timedOut, Percentiles.of(event.stream().mapToDouble(Double::doubleValue).toArray(), timedOut),
                Percentiles.of(seen.stream().mapToDouble(Double::doubleValue).toArray(), timedOut), searches);
    }

    /**
     * Whether the ledger entry seen at {@code nowNanos} is sampled: the first one, then the first one at least
     * {@code everyNanos} after the last sample. Not random: a steady trickle of probes whatever the rate.
     */
    public static boolean due(long lastSampleNanos, long nowNanos, long everyNanos) {
        return lastSampleNanos == Long.MIN_VALUE || nowNanos - lastSampleNanos >= everyNanos;
    }
}

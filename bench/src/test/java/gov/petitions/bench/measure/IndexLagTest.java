package gov.petitions.bench.measure;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IndexLagTest {

    private static final long S = 1_000_000_000L;

    /** what Micrometer's Prometheus registry writes, older (trailing comma) and newer style, among other metrics */
    private static final String METRICS = """
            # HELP petitions_search_lag_seconds Seconds from a record's append to its topic until search's read model reflected it
            # TYPE petitions_search_lag_seconds gauge
            petitions_search_lag_seconds{topic="case.assigned",} 0.042
            petitions_search_lag_seconds{application="intake-service",topic="case.status-changed"} 1.5
            petitions_search_lag_seconds_total{topic="case.assigned"} 99
            petitions_search_lagging{topic="x"} 7
            http_server_requests_seconds_count{method="GET",outcome="SUCCESS",status="200",uri="/petitions/search",} 12.0
            jvm_threads_live_threads 40.0
            """;

    @Test
    void readsTheGaugePerTopicAndNothingElse() {
        Map<String, Double> gauge = IndexLag.parseGauge(METRICS);
        assertEquals(Map.of("case.assigned", 0.042, "case.status-changed", 1.5), gauge);
    }

    @Test
    void aScrapeWithoutTheGaugeIsEmpty() {
        assertTrue(IndexLag.parseGauge("jvm_threads_live_threads 40.0\n").isEmpty());
        assertTrue(IndexLag.parseGauge("petitions_search_lag_seconds{application=\"intake\"} 1.0\n").isEmpty(), "no topic label");
        assertTrue(IndexLag.parseGauge("petitions_search_lag_seconds{topic=\"a\"} oops\n").isEmpty());
        assertTrue(IndexLag.parseGauge("").isEmpty());
    }

    @Test
    void gaugeOverTheWindowOnlyInMilliseconds() {
        List<IndexLag.GaugeSample> samples = List.of(
                new IndexLag.GaugeSample(0, Map.of("case.assigned", 9.0)),           // before the window
                new IndexLag.GaugeSample(10 * S, Map.of("case.assigned", 0.1, "case.status-changed", 0.2)),
                new IndexLag.GaugeSample(11 * S, Map.of("case.assigned", 0.3, "case.status-changed", 0.4)),
                new IndexLag.GaugeSample(12 * S, Map.of("case.assigned", 0.2, "case.status-changed", Double.NaN)),
                new IndexLag.GaugeSample(20 * S, Map.of("case.assigned", 9.0)));     // at the window's end: out
        Map<String, Percentiles.Stats> stats = IndexLag.gauge(samples, 10 * S, 20 * S);
        Percentiles.Stats assigned = stats.get("case.assigned");
        assertEquals(3, assigned.completed());
        assertEquals(0, assigned.failed());
        assertEquals(200.0, assigned.p50());
        assertEquals(300.0, assigned.p99());
        assertEquals(300.0, assigned.max());
        Percentiles.Stats changed = stats.get("case.status-changed");
        assertEquals(2, changed.completed(), "NaN is not a sample");
        assertEquals(400.0, changed.max());
    }

    @Test
    void endToEndRanksTimeOutsAsFailuresAndKeepsToTheWindow() {
        List<IndexLag.Probe> probes = new java.util.ArrayList<>();
        for (int i = 1; i <= 98; i++) {
            probes.add(new IndexLag.Probe(10 * S + i, (double) i + 5, (double) i, 2));
        }
        probes.add(new IndexLag.Probe(10 * S + 200, null, null, 600));
        probes.add(new IndexLag.Probe(10 * S + 201, null, null, 600));
        probes.add(new IndexLag.Probe(5 * S, 1.0, 1.0, 1)); // seen before the window
        IndexLag.EndToEnd e2e = IndexLag.endToEnd(probes, 10 * S, 20 * S);
        assertEquals(100, e2e.samples());
        assertEquals(2, e2e.timedOut());
        assertEquals(98 * 2 + 1200, e2e.searches());
        assertEquals(95.0, e2e.fromSeenMs().p95());
        assertNull(e2e.fromSeenMs().p99(), "the 99th of 100 is a time-out: no value, not the 98th's");
        assertNull(e2e.fromSeenMs().max());
        assertEquals(100.0, e2e.fromEventMs().p95());
        assertEquals(2, e2e.fromEventMs().failed());
    }

    @Test
    void aClockStepCannotMakeALagNegative() {
        IndexLag.EndToEnd e2e = IndexLag.endToEnd(List.of(new IndexLag.Probe(1, -30.0, 12.0, 1)), 0, S);
        assertEquals(0.0, e2e.fromEventMs().max());
        assertEquals(12.0, e2e.fromSeenMs().max());
    }

    @Test
    void noSamplesNoFigures() {
        IndexLag.EndToEnd e2e = IndexLag.endToEnd(List.of(), 0, S);
        assertEquals(0, e2e.samples());
        assertNull(e2e.fromSeenMs().p50());
        assertTrue(IndexLag.gauge(List.of(), 0, S).isEmpty());
    }

    @Test
    void oneSampleEveryIntervalWhateverTheRate() {
        long last = Long.MIN_VALUE;
        int sampled = 0;
        // 100 ledger entries a second for 10 s, one every 10 ms
        for (long t = 0; t < 10 * S; t += S / 100) {
            if (IndexLag.due(last, t, 2 * S)) {
                last = t;
                sampled++;
            }
        }
        assertEquals(5, sampled);
        assertTrue(IndexLag.due(Long.MIN_VALUE, 0, 2 * S), "the first ledger entry is a sample");
        assertFalse(IndexLag.due(0, 2 * S - 1, 2 * S));
    }
}

package gov.petitions.bench.measure;

import org.junit.jupiter.api.Test;

import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class PercentilesTest {

    private static double[] oneTo(int n) {
        return IntStream.rangeClosed(1, n).asDoubleStream().toArray();
    }

    @Test
    void nearestRankWhenEverythingCompleted() {
        Percentiles.Stats stats = Percentiles.of(oneTo(100), 0);
        assertEquals(50.0, stats.p50());
        assertEquals(95.0, stats.p95());
        assertEquals(99.0, stats.p99());
        assertEquals(100.0, stats.max());
        assertEquals(100, stats.completed());
        assertEquals(0, stats.failed());
    }

    @Test
    void failuresRankAboveEveryCompletedPetition() {
        // 98 completed in 1..98 ms and 2 lost: the 99th of 100 is a lost one, so p99 has no value, p95 does
        Percentiles.Stats stats = Percentiles.of(oneTo(98), 2);
        assertEquals(95.0, stats.p95());
        assertNull(stats.p99(), "p99 falls among the lost petitions");
        assertNull(stats.max(), "the worst petition never got there");
        assertEquals(2, stats.failed());
        assertEquals(100, stats.total());
    }

    @Test
    void oneFailureInAHundredStillLeavesAP99() {
        Percentiles.Stats stats = Percentiles.of(oneTo(99), 1);
        assertEquals(99.0, stats.p99());
        assertNull(stats.max());
    }

    @Test
    void droppingFailuresWouldFlatterTheFigure() {
        // 90 fast petitions and 10 that timed out: without the failures p99 would read 89 ms
        Percentiles.Stats honest = Percentiles.of(oneTo(90), 10);
        assertEquals(50.0, honest.p50());
        assertNull(honest.p95());
        assertNull(honest.p99());
    }

    @Test
    void everythingLostOrNothingSent() {
        Percentiles.Stats lost = Percentiles.of(new double[0], 5);
        assertNull(lost.p50());
        assertEquals(5, lost.failed());
        Percentiles.Stats empty = Percentiles.of(new double[0], 0);
        assertNull(empty.p50());
        assertNull(empty.max());
    }

    @Test
    void orderOfInputDoesNotMatter() {
        Percentiles.Stats stats = Percentiles.of(new double[]{30, 10, 20}, 0);
        assertEquals(20.0, stats.p50());
        assertEquals(30.0, stats.p99());
    }
}

package gov.petitions.bench.measure;

import org.junit.jupiter.api.Test;

import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SustainedTest {

    private static final Sustained.Criteria CRITERIA = Sustained.Criteria.DEFAULT; // 2 %, p99 < 2 s, backlog +1 s

    /** a flat backlog of about a quarter of a second's petitions, with jitter */
    private static long[] flat(int seconds, double rate) {
        return LongStream.range(0, seconds).map(s -> Math.round(rate / 4) + (s % 3)).toArray();
    }

    /** a backlog that grows by (offered − acknowledged) every second */
    private static long[] growing(int seconds, double offered, double acknowledged) {
        return LongStream.range(0, seconds).map(s -> Math.round(s * (offered - acknowledged))).toArray();
    }

    @Test
    void keepingUpPasses() {
        Sustained.Verdict verdict = Sustained.judge(CRITERIA, 40, 300, 40 * 300 - 5, flat(300, 40), 850.0, 0);
        assertTrue(verdict.passed(), verdict.reasons().toString());
        assertEquals(40 - 5 / 300.0, verdict.acknowledgedRate(), 1e-9);
    }

    @Test
    void acknowledgingLessThanOfferedFails() {
        // offered 40/s, acknowledged 36/s: the old report said "40.0" because it counted acknowledgements in the drain
        Sustained.Verdict verdict = Sustained.judge(CRITERIA, 40, 300, 36 * 300, growing(300, 40, 36), 1_500.0, 0);
        assertFalse(verdict.passed());
        assertTrue(verdict.reasons().stream().anyMatch(r -> r.startsWith("acknowledged 36.0/s")), verdict.reasons().toString());
        assertTrue(verdict.reasons().stream().anyMatch(r -> r.startsWith("backlog grew")), verdict.reasons().toString());
    }

    @Test
    void aGrowingBacklogFailsEvenWithinTheRateTolerance() {
        // 1 % short of the offered rate is within the 2 % tolerance, but over 300 s the backlog grows by 120 > 40
        Sustained.Verdict verdict = Sustained.judge(CRITERIA, 40, 300, Math.round(39.6 * 300), growing(300, 40, 39.6), 900.0, 0);
        assertFalse(verdict.passed());
        assertEquals(1, verdict.reasons().size(), verdict.reasons().toString());
        assertTrue(verdict.reasons().get(0).startsWith("backlog grew"));
    }

    @Test
    void slowAcknowledgementsFail() {
        Sustained.Verdict verdict = Sustained.judge(CRITERIA, 20, 300, 20 * 300, flat(300, 20), 2_000.0, 0);
        assertFalse(verdict.passed());
        assertEquals(1, verdict.reasons().size());
        assertTrue(verdict.reasons().get(0).startsWith("p99 to the acknowledgement 2000 ms"));
    }

    @Test
    void p99AmongLostPetitionsFails() {
        Sustained.Verdict verdict = Sustained.judge(CRITERIA, 20, 60, 20 * 60, flat(60, 20), null, 30);
        assertFalse(verdict.passed());
        assertTrue(verdict.reasons().contains("p99 to the acknowledgement falls among lost petitions"));
        assertTrue(verdict.reasons().contains("30 lost"));
    }

    @Test
    void anyLossFails() {
        Sustained.Verdict verdict = Sustained.judge(CRITERIA, 20, 60, 20 * 60, flat(60, 20), 100.0, 1);
        assertFalse(verdict.passed());
        assertEquals(java.util.List.of("1 lost"), verdict.reasons());
    }

    @Test
    void backlogGrowthComparesTheLastTenthWithTheFirst() {
        long[] series = new long[100];
        for (int i = 0; i < 100; i++) {
            series[i] = i < 10 ? 5 : i >= 90 ? 25 : 100; // a bump in the middle that cleared is not growth
        }
        assertEquals(20.0, Sustained.backlogGrowth(series), 1e-9);
        assertEquals(0.0, Sustained.backlogGrowth(new long[]{7}), 1e-9);
    }

    @Test
    void thePeerIsJudgedOnWhatItReports() {
        assertTrue(Sustained.judgePeer(CRITERIA, 300, 299.5, 40, 120, 0).passed());
        Sustained.Verdict saturated = Sustained.judgePeer(CRITERIA, 500, 430, 4_000, 9_000, 0);
        assertFalse(saturated.passed());
        assertEquals(3, saturated.reasons().size(), saturated.reasons().toString());
        assertFalse(Sustained.judgePeer(CRITERIA, 300, 300, 0, 50, 2).passed());
    }
}

package gov.petitions.bench.measure;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class CpuPerCompletedTest {

    private static Map<String, Long> cpu(long intake, long postgresql, long loadGenerator) {
        Map<String, Long> map = new LinkedHashMap<>();
        map.put("intake", intake);
        map.put("postgresql", postgresql);
        map.put(CpuPerCompleted.LOAD_GENERATOR, loadGenerator);
        return map;
    }

    @Test
    void dividesByCompletedNotSentAndIsNeverCapped() {
        // a saturated 2-core machine: 60 s window = 120,000 CPU-ms, 2,400 petitions sent, only 1,000 acknowledged:
        // per sent it would read 50 ms (2,000 ms / 40/s, the cap); per completed it is what each completion cost
        Map<String, Double> per = CpuPerCompleted.compute(cpu(1_000, 500, 0), cpu(91_000, 30_500, 6_000), 1_000);
        assertEquals(90.0, per.get("intake"));
        assertEquals(30.0, per.get("postgresql"));
        assertEquals(120.0, per.get(CpuPerCompleted.SYSTEM_TOTAL), "PostgreSQL is in the whole-system total");
        assertEquals(6.0, per.get(CpuPerCompleted.LOAD_GENERATOR), "the load generator is reported apart");
    }

    @Test
    void theLoadGeneratorIsNotInTheTotal() {
        Map<String, Double> per = CpuPerCompleted.compute(cpu(0, 0, 0), cpu(100, 100, 10_000), 100);
        assertEquals(2.0, per.get(CpuPerCompleted.SYSTEM_TOTAL));
    }

    @Test
    void nothingCompletedHasNoFiniteCost() {
        Map<String, Double> per = CpuPerCompleted.compute(cpu(0, 0, 0), cpu(5_000, 1_000, 10), 0);
        assertNull(per.get("intake"));
        assertNull(per.get(CpuPerCompleted.SYSTEM_TOTAL));
    }

    @Test
    void aProcessMissingAtTheStartCountsFromZero() {
        Map<String, Long> before = new LinkedHashMap<>();
        Map<String, Double> per = CpuPerCompleted.compute(before, cpu(300, 0, 0), 100);
        assertEquals(3.0, per.get("intake"));
    }

    @Test
    void aProcessThatDiedInTheWindowHasNoFigure() {
        // notification killed mid-window: /proc has nothing for it any more, read as 0
        Map<String, Double> per = CpuPerCompleted.compute(cpu(5_000, 100, 0), cpu(0, 300, 0), 100);
        assertNull(per.get("intake"));
        assertEquals(2.0, per.get(CpuPerCompleted.SYSTEM_TOTAL));
    }
}

package gov.petitions.bench.measure;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * CPU milliseconds per completed petition: each process's CPU time over the window (from /proc, before and after)
 * divided by the petitions completed (acknowledged) in that window — not by those sent, so a saturated system that
 * completes fewer than it is sent shows what each completion really cost; never capped. The whole-system total adds
 * every process of the system, PostgreSQL included; the load generator is reported apart and is not in the total.
 * A process that ended or restarted during the window (its CPU time went down) has no figure and is not in the total.
 */
public final class CpuPerCompleted {

    public static final String LOAD_GENERATOR = "load-generator";
    public static final String SYSTEM_TOTAL = "systemTotal";

    private CpuPerCompleted() {
    }

    /**
     * @return process → ms per completed petition, then {@value #SYSTEM_TOTAL}; every value null when nothing
     * completed (the cost of a completion is then unbounded, not zero)
     */
    public static Map<String, Double> compute(Map<String, Long> cpuMsBefore, Map<String, Long> cpuMsAfter, long completed) {
        Map<String, Double> perCompleted = new LinkedHashMap<>();
        double total = 0;
        for (Map.Entry<String, Long> process : cpuMsAfter.entrySet()) {
            long used = process.getValue() - cpuMsBefore.getOrDefault(process.getKey(), 0L);
            if (used < 0) {
                // the process ended or was restarted in the window (a new pid counts from zero): its CPU is unknown
                perCompleted.put(process.getKey(), null);
                continue;
            }
            Double value = completed > 0 ? round(used / (double) completed) : null;
            perCompleted.put(process.getKey(), value);
            if (!process.getKey().equals(LOAD_GENERATOR)) {
                total += used;
            }
        }
        perCompleted.put(SYSTEM_TOTAL, completed > 0 ? round(total / completed) : null);
        return perCompleted;
    }

    private static double round(double ms) {
        return Math.round(ms * 1000) / 1000.0;
    }
}

package gov.petitions.bench.measure;

import java.util.List;

/**
 * When the services are warm: CPU per completed petition, measured over consecutive windows of equal length (30 s by
 * default) at a fixed rate, has stopped falling — the last two windows are within the tolerance (5 % by default) of
 * each other. A window in which nothing completed (null) is never steady.
 */
public final class SteadyState {

    private SteadyState() {
    }

    public static boolean settled(List<Double> cpuMsPerCompletedByWindow, double tolerance) {
        int n = cpuMsPerCompletedByWindow.size();
        if (n < 2) {
            return false;
        }
        Double previous = cpuMsPerCompletedByWindow.get(n - 2);
        Double last = cpuMsPerCompletedByWindow.get(n - 1);
        if (previous == null || last == null || previous <= 0) {
            return false;
        }
        return Math.abs(last - previous) <= tolerance * previous;
    }
}

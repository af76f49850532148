package gov.petitions.bench.measure;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

/**
 * The step search for the sustainable rate: from the start rate, multiply by the factor (1.5) while a step passes;
 * if the very first step fails, divide by the factor until one passes (down to the minimum rate). Then bisect between
 * the highest rate that passed and the lowest that failed, a fixed number of times. The sustainable rate is the
 * highest rate that passed. Rates are rounded to 0.1/s; a step that would repeat a rate already tried ends the search.
 */
public final class StepSearch {

    public record Step(double rate, boolean passed) {
    }

    private final double start;
    private final double factor;
    private final int bisections;
    private final double maxRate;
    private final double minRate;
    private final List<Step> steps = new ArrayList<>();
    private Double highestPass;
    private Double lowestFail;
    private int bisected;

    public StepSearch(double start, double factor, int bisections, double minRate, double maxRate) {
        if (start <= 0 || factor <= 1 || bisections < 0 || minRate <= 0 || maxRate < start) {
            throw new IllegalArgumentException("start > 0, factor > 1, bisections ≥ 0, 0 < min, start ≤ max");
        }
        this.start = start;
        this.factor = factor;
        this.bisections = bisections;
        this.minRate = minRate;
        this.maxRate = maxRate;
    }

    /** The next rate to try, or empty when the search is over. */
    public OptionalDouble next() {
        if (steps.isEmpty()) {
            return OptionalDouble.of(round(start));
        }
        double candidate;
        if (lowestFail == null) { // every step so far passed: climb
            candidate = round(highestPass * factor);
            if (highestPass >= maxRate) {
                return OptionalDouble.empty();
            }
            candidate = Math.min(candidate, round(maxRate));
        } else if (highestPass == null) { // every step so far failed: descend
            if (lowestFail <= minRate) {
                return OptionalDouble.empty();
            }
            candidate = Math.max(round(lowestFail / factor), round(minRate));
        } else { // bracketed: bisect
            if (bisected >= bisections) {
                return OptionalDouble.empty();
            }
            candidate = round((highestPass + lowestFail) / 2);
        }
        double c = candidate;
        if (steps.stream().anyMatch(s -> s.rate() == c)) {
            return OptionalDouble.empty(); // the bracket is narrower than the rounding
        }
        return OptionalDouble.of(candidate);
    }

    /** The result of the step at {@code rate} (the one {@link #next()} proposed). */
    public void record(double rate, boolean passed) {
        boolean bracketed = highestPass != null && lowestFail != null;
        steps.add(new Step(rate, passed));
        if (passed) {
            highestPass = highestPass == null ? rate : Math.max(highestPass, rate);
        } else {
            lowestFail = lowestFail == null ? rate : Math.min(lowestFail, rate);
        }
        if (bracketed) {
            bisected++;
        }
    }

    /** The highest rate that passed, if any did. */
    public OptionalDouble sustained() {
        return highestPass == null ? OptionalDouble.empty() : OptionalDouble.of(highestPass);
    }

    public List<Step> steps() {
        return List.copyOf(steps);
    }

    private static double round(double rate) {
        return Math.round(rate * 10) / 10.0;
    }
}

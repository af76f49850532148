package gov.petitions.bench.measure;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.function.DoublePredicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StepSearchTest {

    /** runs the search against a system that sustains every rate the predicate accepts; returns the rates tried */
    private static List<Double> run(StepSearch search, DoublePredicate sustains) {
        List<Double> tried = new ArrayList<>();
        for (OptionalDouble next = search.next(); next.isPresent(); next = search.next()) {
            tried.add(next.getAsDouble());
            search.record(next.getAsDouble(), sustains.test(next.getAsDouble()));
        }
        return tried;
    }

    @Test
    void climbsByHalfThenBisects() {
        StepSearch search = new StepSearch(10, 1.5, 3, 1, 10_000);
        List<Double> tried = run(search, rate -> rate <= 30);
        // 10, 15, 22.5 pass; 33.8 fails; then 28.2 (pass), 31.0 (fail), 29.6 (pass)
        assertEquals(List.of(10.0, 15.0, 22.5, 33.8, 28.2, 31.0, 29.6), tried);
        assertEquals(29.6, search.sustained().getAsDouble());
    }

    @Test
    void descendsWhenTheFirstStepFails() {
        StepSearch search = new StepSearch(10, 1.5, 2, 1, 10_000);
        List<Double> tried = run(search, rate -> rate <= 4);
        // 10 fails, 6.7 fails, 4.5 fails, 3.0 passes; bisect 3.8 (pass), 4.2 (fail)
        assertEquals(List.of(10.0, 6.7, 4.5, 3.0, 3.8, 4.2), tried);
        assertEquals(3.8, search.sustained().getAsDouble());
    }

    @Test
    void nothingSustainedDownToTheMinimum() {
        StepSearch search = new StepSearch(10, 2, 3, 2, 10_000);
        List<Double> tried = run(search, rate -> false);
        assertEquals(List.of(10.0, 5.0, 2.5, 2.0), tried);
        assertFalse(search.sustained().isPresent());
    }

    @Test
    void stopsAtTheMaximum() {
        StepSearch search = new StepSearch(100, 1.5, 3, 1, 200);
        List<Double> tried = run(search, rate -> true);
        assertEquals(List.of(100.0, 150.0, 200.0), tried);
        assertEquals(200.0, search.sustained().getAsDouble());
    }

    @Test
    void noBisectionWhenNoneAsked() {
        StepSearch search = new StepSearch(10, 1.5, 0, 1, 10_000);
        assertEquals(List.of(10.0, 15.0), run(search, rate -> rate < 12));
        assertEquals(10.0, search.sustained().getAsDouble());
    }

    @Test
    void stopsWhenTheBracketIsNarrowerThanTheRounding() {
        StepSearch search = new StepSearch(1, 1.5, 10, 0.1, 10_000);
        List<Double> tried = run(search, rate -> rate <= 1.0);
        assertTrue(tried.size() < 10, tried.toString());
        assertEquals(1.0, search.sustained().getAsDouble());
        assertEquals(tried.size(), search.steps().size());
    }

    @Test
    void refusesNonsense() {
        assertThrows(IllegalArgumentException.class, () -> new StepSearch(10, 1, 3, 1, 100));
        assertThrows(IllegalArgumentException.class, () -> new StepSearch(0, 1.5, 3, 1, 100));
    }
}

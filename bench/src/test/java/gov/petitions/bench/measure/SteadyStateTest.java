package gov.petitions.bench.measure;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SteadyStateTest {

    @Test
    void stillFallingIsNotSteady() {
        assertFalse(SteadyState.settled(List.of(120.0, 80.0, 60.0), 0.05));
    }

    @Test
    void twoWindowsWithinFivePercentAreSteady() {
        assertTrue(SteadyState.settled(List.of(120.0, 80.0, 60.0, 58.0), 0.05));
        assertTrue(SteadyState.settled(List.of(60.0, 62.9), 0.05));
        assertFalse(SteadyState.settled(List.of(60.0, 63.1), 0.05));
    }

    @Test
    void oneWindowOrAnEmptyWindowIsNotEnough() {
        assertFalse(SteadyState.settled(List.of(60.0), 0.05));
        assertFalse(SteadyState.settled(Arrays.asList(60.0, null), 0.05));
        assertFalse(SteadyState.settled(Arrays.asList(null, 60.0), 0.05));
    }
}

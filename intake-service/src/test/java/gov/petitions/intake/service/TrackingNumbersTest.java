package gov.petitions.intake.service;

import gov.petitions.testing.TestSecrets;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue #17 item 9: tracking numbers were a global sequence modulo 10^6 (repeating after a million, and counting the
 * registrations for anyone who looks). Now the suffix is a keyed permutation of the sequence, per day.
 */
@QuarkusTest
@QuarkusTestResource(TestSecrets.class)
class TrackingNumbersTest {

    private static final byte[] KEY = "a test key for the permutation, 32+ bytes".getBytes();
    private static final LocalDate DAY = LocalDate.of(2026, 12, 4);

    @Inject
    TrackingNumbers trackingNumbers;

    @Test
    void everySuffixOfADayIsUsedExactlyOnce() {
        TrackingNumbers six = new TrackingNumbers(null, 6, KEY);
        var permutation = six.permutationOf(DAY);
        BitSet seen = new BitSet(1_000_000);
        for (long sequence = 0; sequence < 1_000_000; sequence++) {
            long suffix = permutation.permute(sequence);
            assertTrue(suffix >= 0 && suffix < 1_000_000);
            assertFalse(seen.get((int) suffix), "suffix " + suffix + " twice");
            seen.set((int) suffix);
        }
        assertEquals(1_000_000, seen.cardinality(), "a bijection: a full day of 10^6 numbers, no repeat");
    }

    @Test
    void nineDigitsHoldADayAtOver11000PerSecondWithoutRepeating() {
        TrackingNumbers nine = new TrackingNumbers(null, 9, KEY);
        // the sequence is global: a day at 1,000/s takes 86.4 million consecutive values from wherever it stands
        long start = 7_654_321_000L;
        Set<String> numbers = new HashSet<>();
        var permutation = nine.permutationOf(DAY);
        for (long s = start; s < start + 300_000; s++) {
            String n = nine.format(permutation, DAY, s);
            assertTrue(n.matches("^XF20261204[0-9]{9}$"), n);
            assertTrue(numbers.add(n), "repeated " + n);
        }
        // and the wrap of the sequence (mod 10^9) within one day cannot repeat either: it is still a bijection
        assertEquals(nine.format(DAY, 5), nine.format(DAY, 1_000_000_005L));
        assertNotEquals(nine.format(DAY, 5), nine.format(DAY.plusDays(1), 5), "another day, another permutation");
    }

    @Test
    void consecutiveNumbersRevealNeitherOrderNorVolume() {
        TrackingNumbers six = new TrackingNumbers(null, 6, KEY);
        List<Long> suffixes = new ArrayList<>();
        for (long s = 0; s < 10_000; s++) {
            suffixes.add(Long.parseLong(six.format(DAY, s).substring(10)));
        }
        int ascending = 0;
        int adjacent = 0;
        for (int i = 1; i < suffixes.size(); i++) {
            ascending += suffixes.get(i) > suffixes.get(i - 1) ? 1 : 0;
            adjacent += Math.abs(suffixes.get(i) - suffixes.get(i - 1)) <= 10 ? 1 : 0;
        }
        // a counter would ascend 9,999 times; a random order about half the time
        assertTrue(ascending > 4_500 && ascending < 5_500, "ascending " + ascending);
        assertTrue(adjacent < 20, "neighbours " + adjacent);
        // the first numbers of a day are spread over the whole range, so a small one does not mean an early one
        long small = suffixes.subList(0, 1000).stream().filter(x -> x < 100_000).count();
        assertTrue(small > 50 && small < 150, "first thousand below 100000: " + small);
    }

    @Test
    void numbersFromTheDatabaseSequenceAreUniqueAndFitTheContract() {
        Set<String> numbers = new HashSet<>();
        long started = System.nanoTime();
        QuarkusTransaction.requiringNew().run(() -> {
            for (int i = 0; i < 3000; i++) {
                numbers.add(trackingNumbers.next(DAY));
            }
        });
        double perSecond = 3000 / ((System.nanoTime() - started) / 1e9);
        System.out.printf("TrackingNumbersTest: %.0f tracking numbers/s from the database%n", perSecond);
        assertEquals(3000, numbers.size());
        assertTrue(numbers.stream().allMatch(n -> n.matches("^XF20261204[0-9]{9}$")));
    }
}

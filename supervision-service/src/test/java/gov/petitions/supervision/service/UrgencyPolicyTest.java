package gov.petitions.supervision.service;

import gov.petitions.supervision.Urgency;
import gov.petitions.supervision.config.StatutoryDeadlines;
import gov.petitions.supervision.config.UrgencyClocks;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The urgency configuration as the service reads it at start-up (the same SmallRye mappings, from properties): the
 * statute's limits are the ceiling, and anything above them, or a rule that names no level, stops the start.
 */
class UrgencyPolicyTest {

    private static UrgencyPolicy policy(Map<String, String> properties) {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withMapping(StatutoryDeadlines.class)
                .withMapping(UrgencyClocks.class)
                .withSources(new PropertiesConfigSource(properties, "test", 500))
                .build();
        return new UrgencyPolicy(config.getConfigMapping(StatutoryDeadlines.class), config.getConfigMapping(UrgencyClocks.class));
    }

    private static String refused(Map<String, String> properties) {
        return assertThrows(IllegalStateException.class, () -> policy(properties)).getMessage();
    }

    @Test
    void theDefaultsAreShorterForTheUrgentLevelsAndTheStatutesForNormal() {
        UrgencyPolicy policy = policy(Map.of("supervision.urgency.rules", "labour-wages:URGENT, discipline:URGENT_SPECIAL"));
        assertEquals(new UrgencyPolicy.Clocks(Duration.ofDays(3), Duration.ofDays(15), Duration.ofDays(1)),
                policy.clocks(Urgency.URGENT_SPECIAL));
        assertEquals(new UrgencyPolicy.Clocks(Duration.ofDays(7), Duration.ofDays(30), Duration.ofDays(2)),
                policy.clocks(Urgency.URGENT));
        assertEquals(new UrgencyPolicy.Clocks(Duration.ofDays(15), Duration.ofDays(60), Duration.ofDays(3)),
                policy.clocks(Urgency.NORMAL));
        assertEquals(Urgency.URGENT, policy.levelFor("labour-wages"));
        assertEquals(Urgency.URGENT_SPECIAL, policy.levelFor("discipline"));
        assertEquals(Urgency.NORMAL, policy.levelFor("education"));
    }

    @Test
    void aLevelsClockAboveTheStatutoryOneStopsTheStart() {
        String message = refused(Map.of("supervision.urgency.urgent.handling", "P61D",
                "supervision.urgency.normal.acceptance", "P20D"));
        assertTrue(message.contains("supervision.urgency.urgent.handling is P61D, longer than the statutory P60D"
                + " (supervision.deadlines.handling)"), message);
        assertTrue(message.contains("supervision.urgency.normal.acceptance"), message);
        assertTrue(message.contains("《信访工作条例》"), message);
        // within a shortened statutory clock too: the statutory clock configured is the ceiling
        String shorter = refused(Map.of("supervision.deadlines.acceptance", "P10D",
                "supervision.urgency.urgent-special.acceptance", "P11D"));
        assertTrue(shorter.contains("supervision.urgency.urgent-special.acceptance"), shorter);
        assertEquals(Duration.ofDays(10), policy(Map.of("supervision.deadlines.acceptance", "P10D",
                "supervision.urgency.urgent-special.acceptance", "P10D")).clocks(Urgency.URGENT_SPECIAL).acceptance());
    }

    @Test
    void statutoryClocksAboveTheRegulationStopTheStart() {
        String message = refused(Map.of("supervision.deadlines.acceptance", "P16D", "supervision.deadlines.handling", "P90D",
                "supervision.deadlines.max-extension", "P31D"));
        assertTrue(message.contains("supervision.deadlines.acceptance is P16D, longer than the 15 days"), message);
        assertTrue(message.contains("supervision.deadlines.handling"), message);
        assertTrue(message.contains("supervision.deadlines.max-extension"), message);
    }

    @Test
    void defaultsAreCutToShortenedStatutoryClocksAndBadValuesAreRefused() {
        // tests run the statute in seconds: the urgent levels' defaults are cut to it rather than refused
        UrgencyPolicy seconds = policy(Map.of("supervision.deadlines.acceptance", "PT4S", "supervision.deadlines.handling", "PT6S"));
        assertEquals(Duration.ofSeconds(4), seconds.clocks(Urgency.URGENT_SPECIAL).acceptance());
        assertEquals(Duration.ofSeconds(6), seconds.clocks(Urgency.URGENT).handling());
        assertTrue(refused(Map.of("supervision.urgency.urgent.acceptance", "PT0S")).contains("must be positive"));
        assertTrue(refused(Map.of("supervision.urgency.urgent.warning-before", "-P1D")).contains("must not be negative"));
    }

    @Test
    void aRuleMustNameALevelAndACategoryOnce() {
        assertTrue(refused(Map.of("supervision.urgency.rules", "labour-wages:VERY_URGENT"))
                .contains("'VERY_URGENT' (for labour-wages) is not an urgency level"));
        assertTrue(refused(Map.of("supervision.urgency.rules", "labour-wages")).contains("is not category-code:LEVEL"));
        assertTrue(refused(Map.of("supervision.urgency.rules", "Labour:URGENT")).contains("is not category-code:LEVEL"));
        assertTrue(refused(Map.of("supervision.urgency.rules", "labour-wages:URGENT,labour-wages:NORMAL"))
                .contains("labour-wages is listed twice"));
    }
}

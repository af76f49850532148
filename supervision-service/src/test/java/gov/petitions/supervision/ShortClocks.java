package gov.petitions.supervision;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.Map;

/** The statutory clocks shrunk to seconds, so a 15-day acceptance deadline can breach during a test. */
public class ShortClocks implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "supervision.deadlines.acceptance", "PT4S",
                "supervision.deadlines.handling", "PT6S",
                "supervision.deadlines.warning-before", "PT2S",
                "supervision.deadlines.review-window", "PT3S",
                "supervision.deadline-scan-interval", "0.5s");
    }
}

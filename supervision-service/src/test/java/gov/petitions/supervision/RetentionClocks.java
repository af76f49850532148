package gov.petitions.supervision;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.Map;

/**
 * RetentionTest's clocks: a one-day window to ask for a review, so that an answered case can pass its (two-day, test
 * profile) retention class when the clock is moved three days on, as a real one passes its ten years.
 */
public class RetentionClocks implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("supervision.deadlines.review-window", "P1D");
    }
}

package gov.petitions.intake.service;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/**
 * How concurrent registrations share a commit (docs/registration.md "How registrations share commits"). The defaults
 * add at most two milliseconds to a registration that arrives alone, and let 64 registrations share one commit.
 */
@ConfigMapping(prefix = "intake.registration.group")
public interface RegistrationGroupConfig {

    /** Off: every registration is its own transaction, as before group commit. */
    @WithDefault("true")
    boolean enabled();

    /** How long the first registration of a group waits for others to join it. */
    @WithDefault("PT0.002S")
    Duration maxWait();

    /** The most registrations one transaction writes. */
    @WithDefault("64")
    int maxSize();
}

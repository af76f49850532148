package gov.petitions.intake.service;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/**
 * How concurrent registrations share a commit (docs/registration.md "How registrations share commits"). The defaults
 * add nothing to a registration that arrives alone (it is written at once), and let 64 registrations share one
 * commit: those that queued while the previous group was written.
 */
@ConfigMapping(prefix = "intake.registration.group")
public interface RegistrationGroupConfig {

    /** Off: every registration is its own transaction, as before group commit. */
    @WithDefault("true")
    boolean enabled();

    /**
     * How long the first registration of a group waits for others beyond those already queued: none. A lone
     * registration must not wait for company that is not coming; a positive value is for tests that need requests
     * sent together to be written together.
     */
    @WithDefault("PT0S")
    Duration maxWait();

    /** The most registrations one transaction writes. */
    @WithDefault("64")
    int maxSize();
}

package gov.petitions.notification.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

@ConfigMapping(prefix = "notification")
public interface NotificationConfig {

    /** After this many failed attempts a message is dead (an operator can resend it). */
    @WithDefault("6")
    int maxAttempts();

    /** First retry delay; each further retry doubles it, with up to 50% jitter. */
    @WithDefault("PT5S")
    Duration retryBackoff();
}

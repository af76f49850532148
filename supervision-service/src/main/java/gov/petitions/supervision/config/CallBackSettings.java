package gov.petitions.supervision.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/**
 * The bureau's call-back (回访) after a written reply, as ISO-8601 durations: not statutory (the regulation asks only
 * that satisfaction be recorded), set by the province's practice — 12345 hotlines call back within 48 hours and call
 * again when nobody answers.
 */
@ConfigMapping(prefix = "supervision.call-back")
public interface CallBackSettings {

    /** How soon after the written reply (办结) the bureau calls the petitioner back. */
    @WithDefault("PT48H")
    Duration dueAfter();

    /** When nobody answered, how long until the next try. */
    @WithDefault("PT4H")
    Duration retryAfter();

    /** How many tries in all before the call-back is given up as unreachable (未联系上). */
    @WithDefault("3")
    int maxAttempts();
}

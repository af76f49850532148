package gov.petitions.platform.outbox;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

@ConfigMapping(prefix = "petitions.outbox")
public interface OutboxConfig {

    /** The CloudEvents {@code source} of everything this service publishes, e.g. {@code /intake-service}. */
    String source();

    /** Longest wait between two looks at the table when nothing signals new rows (e.g. rows of another replica). */
    @WithDefault("PT0.5S")
    Duration pollInterval();

    @WithDefault("200")
    int batchSize();

    /**
     * How long a commit's wake-up lets more rows gather before the relay takes its batch. Zero publishes each commit's
     * rows at once, at the price of a relay transaction and a produce request for every commit: where every commit
     * is one registration (intake), a few tens of milliseconds make one batch of many (docs/operations.md).
     */
    @WithDefault("PT0S")
    Duration linger();

    /** Published rows are kept this long for audit and replay, then purged. */
    @WithDefault("P7D")
    Duration retention();

    /** Pause after a failed publish (broker down): the rows stay and are retried. */
    @WithDefault("PT2S")
    Duration retryBackoff();

    @WithDefault("true")
    boolean relayEnabled();
}

package gov.petitions.platform.relay;

import java.time.Duration;
import java.util.Objects;

/**
 * How a relay runs.
 *
 * @param name         the worker thread's name and the Kafka producer's client id, e.g. {@code outbox-relay-intake}
 * @param source       the CloudEvents {@code source} of everything it publishes, e.g. {@code /intake-service}
 * @param pollInterval longest wait between two looks at the store when nothing signals new events (e.g. events that
 *                     another replica recorded)
 * @param batchSize    most events per batch
 * @param retryBackoff pause after a failed batch (broker away): the events stay and are retried
 * @param linger       how long events may gather after a wake-up before the batch is taken: zero publishes at once;
 *                     a store that pays per batch (MongoDB round trips) trades a few milliseconds for fewer batches
 */
public record RelaySettings(String name, String source, Duration pollInterval, int batchSize, Duration retryBackoff,
                            Duration linger) {

    public RelaySettings {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(source, "source");
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be positive: " + batchSize);
        }
        linger = linger == null ? Duration.ZERO : linger;
    }

    /** Publishing at once after a wake-up. */
    public RelaySettings(String name, String source, Duration pollInterval, int batchSize, Duration retryBackoff) {
        this(name, source, pollInterval, batchSize, retryBackoff, Duration.ZERO);
    }
}

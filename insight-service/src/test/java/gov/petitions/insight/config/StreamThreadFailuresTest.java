package gov.petitions.insight.config;

import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.concurrent.atomic.AtomicReference;

import static org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
import static org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
import static org.junit.jupiter.api.Assertions.assertEquals;

class StreamThreadFailuresTest {

    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-12-06T00:00:00Z"));
    private final Clock clock = new Clock() {
        @Override
        public ZoneId getZone() {
            return ZoneId.of("Asia/Shanghai");
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    };

    @Test
    void aPassingFailureReplacesTheThreadAndARecurringOneShutsTheClientDownForARestart() {
        StreamThreadFailures failures = new StreamThreadFailures(clock);
        for (int i = 0; i < StreamThreadFailures.MAX_REPLACEMENTS; i++) {
            assertEquals(REPLACE_THREAD, failures.handle(new TimeoutException("transaction timed out")));
            now.set(now.get().plusSeconds(30));
        }
        assertEquals(SHUTDOWN_CLIENT, failures.handle(new TimeoutException("again")),
                "the same failure over and over is not passing: the replica must be restarted");
    }

    @Test
    void failuresOlderThanTheWindowAreForgotten() {
        StreamThreadFailures failures = new StreamThreadFailures(clock);
        for (int i = 0; i < 10; i++) {
            assertEquals(REPLACE_THREAD, failures.handle(new IllegalStateException("fenced")), "failure " + (i + 1));
            now.set(now.get().plus(StreamThreadFailures.WINDOW.dividedBy(StreamThreadFailures.MAX_REPLACEMENTS))
                    .plus(Duration.ofSeconds(1)));
        }
    }
}

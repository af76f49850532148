package gov.petitions.testing;

import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The services' {@link Clock} in module tests: runs with the system clock until a test moves it, so a test can
 * register a petition at 23:30 UTC (07:30 the next day in China) or at 16:30 UTC (00:30 the next day) and check
 * every date a person sees. Replaces platform-support's default clock bean; the zone stays China's.
 * Call {@link #reset()} in {@code @AfterEach} so that other tests see the real time again.
 */
@Singleton
public class MovableClock extends Clock {

    private static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");

    private final AtomicReference<Duration> offset = new AtomicReference<>(Duration.ZERO);

    /** From now on the clock reads {@code at}, and runs on from there. */
    public void moveTo(Instant at) {
        offset.set(Duration.between(Instant.now(), at));
    }

    public void advance(Duration by) {
        offset.updateAndGet(o -> o.plus(by));
    }

    public void reset() {
        offset.set(Duration.ZERO);
    }

    @Override
    public ZoneId getZone() {
        return CHINA;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        Clock base = Clock.system(zone);
        return Clock.offset(base, offset.get());
    }

    @Override
    public Instant instant() {
        return Instant.now().plus(offset.get());
    }
}

package gov.petitions.intake.validation;

import gov.petitions.platform.time.ChinaTime;
import io.quarkus.arc.Arc;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.ClockProvider;

import java.time.Clock;
import java.time.LocalDate;

/**
 * "Today" for @PastOrPresent and @FutureOrPresent dates, and for the checks written as methods of request records,
 * is today in China by the service's one clock (platform-support's ChinaTime, zone Asia/Shanghai; a test's
 * MovableClock): a letter received this morning in Hefei is not "in the future" because the JVM runs on UTC, and
 * a test that moves the clock moves validation with it. The clock is looked up when first needed: the validator is
 * built before the application's beans are.
 */
@ApplicationScoped
public class LocalClockProvider implements ClockProvider {

    @Override
    public Clock getClock() {
        return clock();
    }

    /** The injected clock (zone China). */
    public static Clock clock() {
        var container = Arc.container();
        // outside a running application (a plain unit test) there is no bean: the system clock in China
        return container == null || !container.isRunning() ? Clock.system(ChinaTime.CHINA)
                : container.instance(Clock.class).get();
    }

    /** Today in China, by the injected clock. */
    public static LocalDate today() {
        return LocalDate.now(clock());
    }
}

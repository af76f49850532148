package gov.petitions.supervision.rest;

import gov.petitions.platform.time.ChinaTime;
import io.quarkus.arc.Arc;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.ClockProvider;

import java.time.Clock;

/**
 * "Now" for @Future and @Past (a leader's follow-up dates) is the service's one clock (platform-support's ChinaTime,
 * zone Asia/Shanghai; a test's MovableClock), not the JVM's. Looked up when first needed: the validator is built
 * before the application's beans are.
 */
@ApplicationScoped
public class ClockForValidation implements ClockProvider {

    @Override
    public Clock getClock() {
        var container = Arc.container();
        return container == null || !container.isRunning() ? Clock.system(ChinaTime.CHINA)
                : container.instance(Clock.class).get();
    }
}

package gov.petitions.intake.validation;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.ClockProvider;
import org.eclipse.microprofile.config.ConfigProvider;

import java.time.Clock;
import java.time.ZoneId;

/**
 * "Today" for @PastOrPresent and @FutureOrPresent dates is today in China, whatever zone the server runs in:
 * a letter received this morning in Hefei is not "in the future" because the JVM runs on UTC. The zone is read
 * when first needed: the validator is built before configuration mappings are.
 */
@ApplicationScoped
public class LocalClockProvider implements ClockProvider {

    private volatile Clock clock;

    @Override
    public Clock getClock() {
        Clock local = clock;
        if (local == null) {
            String zone = ConfigProvider.getConfig().getOptionalValue("intake.time-zone", String.class).orElse("Asia/Shanghai");
            local = clock = Clock.system(ZoneId.of(zone));
        }
        return local;
    }
}

package gov.petitions.platform.time;

import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

/**
 * The one clock of every service. Every date a person sees — a tracking number, a receipt, a letter, a deadline
 * at midnight, a month in the statistics — is China's date (Asia/Shanghai), whatever zone the server runs in:
 * a petition registered at 21:13 UTC was registered on the next day in Hefei. Inject {@link Clock} instead of
 * calling {@code now()}; its zone is China's, so {@code LocalDate.now(clock)} is today in China and
 * {@code OffsetDateTime.now(clock)} carries +08:00.
 *
 * <p>{@code petitions.clock.start} (an instant) starts the clock at that moment and lets it run from there — for
 * demonstrations and end-to-end runs at a chosen hour. Module tests replace the bean with platform-testing's
 * {@code MovableClock}.
 */
@Singleton
public class ChinaTime {

    public static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");

    /** yyyy-MM-dd, the form every letter and receipt prints. */
    public static final DateTimeFormatter DATE = DateTimeFormatter.ISO_LOCAL_DATE;

    @Produces
    @Singleton
    @DefaultBean
    Clock clock(@ConfigProperty(name = "petitions.time-zone", defaultValue = "Asia/Shanghai") ZoneId zone,
                @ConfigProperty(name = "petitions.clock.start") Optional<Instant> start) {
        Clock system = Clock.system(zone);
        return start.map(at -> Clock.offset(system, Duration.between(system.instant(), at))).orElse(system);
    }

    /** The date in China of an instant, e.g. the registration date printed on a receipt. */
    public static LocalDate dateInChina(Instant instant) {
        return instant.atZone(CHINA).toLocalDate();
    }

    /** The date in China of a timestamp carried with any offset (events carry RFC 3339 with offset). */
    public static LocalDate dateInChina(OffsetDateTime at) {
        return dateInChina(at.toInstant());
    }

    /** An instant as China's wall time (+08:00), as a person there reads it. */
    public static OffsetDateTime inChina(Instant instant) {
        return instant.atZone(CHINA).toOffsetDateTime();
    }
}

package gov.petitions.supervision.service;

import gov.petitions.supervision.config.StatutoryDeadlines;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Adds a statutory duration to a start time, in calendar days or in working days (weekends and public
 * holidays skipped, make-up working weekends counted), depending on the channel the matter came by.
 * The holidays and make-up days are the State Council's, from the {@link HolidayCalendar} (shipped with the
 * release, updated by an admin); days listed in {@code supervision.deadlines.holidays} and
 * {@code supervision.deadlines.working-weekends} are added on top and win over it.
 */
@ApplicationScoped
public class DeadlineCalendar {

    private final Set<String> workingDayChannels;
    private final Set<LocalDate> holidays;
    private final Set<LocalDate> workingWeekends;
    private final ZoneId zone;
    private final HolidayCalendar calendar;

    @Inject
    public DeadlineCalendar(StatutoryDeadlines deadlines, HolidayCalendar calendar) {
        this.workingDayChannels = Set.copyOf(deadlines.workingDayChannels());
        this.holidays = Set.copyOf(deadlines.holidays().orElse(List.of()));
        this.workingWeekends = Set.copyOf(deadlines.workingWeekends().orElse(List.of()));
        this.zone = ZoneId.of(deadlines.timeZone());
        this.calendar = calendar;
    }

    /** Only the configured days, without the holiday table (unit tests). */
    public DeadlineCalendar(StatutoryDeadlines deadlines) {
        this(deadlines, null);
    }

    public OffsetDateTime due(OffsetDateTime start, Duration duration, String channel) {
        boolean wholeDays = duration.toSeconds() % 86_400 == 0 && !duration.isZero();
        if (channel == null || !workingDayChannels.contains(channel) || !wholeDays) {
            return start.plus(duration);
        }
        ZonedDateTime at = start.atZoneSameInstant(zone);
        long remaining = duration.toDays();
        while (remaining > 0) {
            at = at.plusDays(1);
            if (isWorkingDay(at.toLocalDate())) {
                remaining--;
            }
        }
        return at.toOffsetDateTime();
    }

    public boolean isWorkingDay(LocalDate date) {
        if (workingWeekends.contains(date)) {
            return true;
        }
        if (holidays.contains(date)) {
            return false;
        }
        Optional<HolidayCalendar.Kind> official = calendar == null ? Optional.empty() : calendar.kindOf(date);
        if (official.isPresent()) {
            return official.get() == HolidayCalendar.Kind.WORKING_DAY;
        }
        return date.getDayOfWeek() != DayOfWeek.SATURDAY && date.getDayOfWeek() != DayOfWeek.SUNDAY;
    }
}

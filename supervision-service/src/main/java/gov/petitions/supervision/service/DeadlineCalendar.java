package gov.petitions.supervision.service;

import gov.petitions.supervision.config.StatutoryDeadlines;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Set;

/**
 * Adds a statutory duration to a start time, in calendar days or in working days (weekends and public
 * holidays skipped, make-up working weekends counted), depending on the channel the matter came by.
 */
@ApplicationScoped
public class DeadlineCalendar {

    private final Set<String> workingDayChannels;
    private final Set<LocalDate> holidays;
    private final Set<LocalDate> workingWeekends;
    private final ZoneId zone;

    public DeadlineCalendar(StatutoryDeadlines deadlines) {
        this.workingDayChannels = Set.copyOf(deadlines.workingDayChannels());
        this.holidays = Set.copyOf(deadlines.holidays().orElse(List.of()));
        this.workingWeekends = Set.copyOf(deadlines.workingWeekends().orElse(List.of()));
        this.zone = ZoneId.of(deadlines.timeZone());
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
        boolean weekend = date.getDayOfWeek() == DayOfWeek.SATURDAY || date.getDayOfWeek() == DayOfWeek.SUNDAY;
        return !weekend && !holidays.contains(date);
    }
}

package gov.petitions.supervision;

import gov.petitions.supervision.config.StatutoryDeadlines;
import gov.petitions.supervision.service.DeadlineCalendar;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Calendar days for most channels, working days for the hotline, with China's 2026 National Day holiday. */
class DeadlineCalendarTest {

    private final DeadlineCalendar calendar = new DeadlineCalendar(new StatutoryDeadlines() {
        public Duration acceptance() { return Duration.ofDays(15); }
        public Duration handling() { return Duration.ofDays(60); }
        public Duration maxExtension() { return Duration.ofDays(30); }
        public Duration reviewWindow() { return Duration.ofDays(30); }
        public Duration reviewAnswer() { return Duration.ofDays(30); }
        public Duration warningBefore() { return Duration.ofDays(3); }
        public List<String> workingDayChannels() { return List.of("HOTLINE"); }
        public Optional<List<LocalDate>> holidays() {
            return Optional.of(List.of(LocalDate.parse("2026-10-01"), LocalDate.parse("2026-10-02"), LocalDate.parse("2026-10-05"),
                    LocalDate.parse("2026-10-06"), LocalDate.parse("2026-10-07"), LocalDate.parse("2026-10-08")));
        }
        public Optional<List<LocalDate>> workingWeekends() { return Optional.of(List.of(LocalDate.parse("2026-10-10"))); }
        public String timeZone() { return "Asia/Shanghai"; }
        public boolean escalateOnBreach() { return true; }
        public Duration followUpReminderBefore() { return Duration.ofDays(1); }
    });

    private static final OffsetDateTime MONDAY_SEPT_28 = OffsetDateTime.parse("2026-09-28T10:00:00+08:00");

    @Test
    void aLetterCountsCalendarDays() {
        assertEquals(OffsetDateTime.parse("2026-10-13T10:00:00+08:00"),
                calendar.due(MONDAY_SEPT_28, Duration.ofDays(15), "LETTER"));
    }

    @Test
    void theHotlineCountsWorkingDaysAcrossTheNationalDayHoliday() {
        // working days from Tue 29 Sep: 29, 30 Sep; 9 (Fri), 10 (make-up Sat), 12, 13, 14, 15, 16, 19, 20, 21, 22, 23, 26 Oct
        assertEquals(OffsetDateTime.parse("2026-10-26T10:00:00+08:00"),
                calendar.due(MONDAY_SEPT_28, Duration.ofDays(15), "HOTLINE"));
    }

    @Test
    void secondLongTestClocksRunOnTheClock() {
        assertEquals(MONDAY_SEPT_28.plusSeconds(4), calendar.due(MONDAY_SEPT_28, Duration.ofSeconds(4), "HOTLINE"));
    }
}

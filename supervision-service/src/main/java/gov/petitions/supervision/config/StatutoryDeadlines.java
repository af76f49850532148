package gov.petitions.supervision.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/**
 * The clocks of 《信访工作条例》 (2022) in one place, as ISO-8601 durations, so that a test can run a
 * 15-day clock in seconds and an operator can see every limit the system enforces.
 */
@ConfigMapping(prefix = "supervision.deadlines")
public interface StatutoryDeadlines {

    /** Decide whether to accept (受理) and tell the petitioner in writing: 15 days from receipt. */
    @WithDefault("P15D")
    Duration acceptance();

    /** Handle an accepted matter to a written reply (办结): 60 days from acceptance. */
    @WithDefault("P60D")
    Duration handling();

    /** One extension, approved by the unit head: at most 30 more days. */
    @WithDefault("P30D")
    Duration maxExtension();

    /** The petitioner may request review (复查) within 30 days of the reply; likewise re-review (复核). */
    @WithDefault("P30D")
    Duration reviewWindow();

    /** A review or re-review is answered within 30 days. */
    @WithDefault("P30D")
    Duration reviewAnswer();

    /** How long before a deadline the unit is warned (case.deadline-warning). */
    @WithDefault("P3D")
    Duration warningBefore();

    /**
     * Channels whose whole-day clocks count working days (the regulation counts calendar days; hotlines
     * count working days). Sub-day durations (tests) always run on the clock.
     */
    @WithDefault("HOTLINE")
    java.util.List<String> workingDayChannels();

    /**
     * Extra days off (ISO dates) on top of the holiday calendar. The State Council's holidays (法定节假日) and
     * make-up working days (调休) themselves are data, not configuration: shipped per year in
     * {@code holidays/<year>.csv} citing 国务院办公厅's notice, loaded into the {@code holiday_day} table at start and
     * updated by an admin with {@code PUT /calendar/holidays/{year}} (see HolidayCalendar). A day listed here wins over
     * the table.
     */
    java.util.Optional<java.util.List<java.time.LocalDate>> holidays();

    /** Extra weekend days that are working days (调休上班), ISO dates, on top of the holiday calendar; they win over it. */
    java.util.Optional<java.util.List<java.time.LocalDate>> workingWeekends();

    /** The time zone in which days are counted. */
    @WithDefault("Asia/Shanghai")
    String timeZone();

    /**
     * How long before a follow-up date of a dedicated team (专班) the team and the leader are reminded
     * (case.follow-up-due, stage DUE_SOON); an unreported follow-up is flagged again when due (OVERDUE).
     * Not statutory: set by the leaders' minutes.
     */
    @WithDefault("P1D")
    Duration followUpReminderBefore();

    /** Whether a breached acceptance or handling deadline asks routing to escalate the case a level up. */
    @WithDefault("true")
    boolean escalateOnBreach();
}

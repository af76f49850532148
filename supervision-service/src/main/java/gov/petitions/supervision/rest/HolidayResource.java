package gov.petitions.supervision.rest;

import gov.petitions.platform.problem.Problem;
import gov.petitions.platform.problem.ProblemException;
import gov.petitions.platform.security.CallerScope;
import gov.petitions.platform.security.Roles;
import gov.petitions.supervision.service.HolidayCalendar;
import jakarta.annotation.security.RolesAllowed;
import jakarta.transaction.Transactional;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The holiday calendar of working-day clocks: the State Council's holidays and make-up working days (调休) by year.
 * Everyone on staff may read it (a clock's due date depends on it); only an admin of the province changes it, since
 * one calendar serves every jurisdiction's clocks.
 */
@Path("/calendar/holidays")
@Tag(name = "Holiday calendar")
@Produces(MediaType.APPLICATION_JSON)
public class HolidayResource {

    private final HolidayCalendar calendar;
    private final Caller caller;

    public HolidayResource(HolidayCalendar calendar, Caller caller) {
        this.calendar = calendar;
        this.caller = caller;
    }

    public record DayRequest(@NotNull LocalDate date, @NotBlank @Size(max = 40) String name) {
    }

    /** A year as the State Council's notice lists it: the days off and the weekend days worked. */
    public record YearRequest(@NotBlank @Size(max = 300) String source,
                              @NotNull @Size(max = 60) List<@NotNull @Valid DayRequest> holidays,
                              @NotNull @Size(max = 20) List<@NotNull @Valid DayRequest> workingDays) {
    }

    @GET
    @RolesAllowed({Roles.ADMIN, Roles.AUDITOR, Roles.CLERK, Roles.HANDLER, Roles.LEADER, Roles.SUPERVISOR})
    @Operation(summary = "Every year of the holiday calendar, with its source and days")
    public Years list() {
        return new Years(calendar.years());
    }

    public record Years(List<HolidayCalendar.Year> years) {
    }

    @GET
    @Path("{year: [0-9][0-9][0-9][0-9]}")
    @RolesAllowed({Roles.ADMIN, Roles.AUDITOR, Roles.CLERK, Roles.HANDLER, Roles.LEADER, Roles.SUPERVISOR})
    @Operation(summary = "One year of the holiday calendar")
    public HolidayCalendar.Year get(@PathParam("year") int year) {
        return calendar.year(year).orElseThrow(() -> ProblemException.notFound("Holiday calendar",
                "No holiday calendar for " + year + "; an admin loads it with PUT /calendar/holidays/" + year));
    }

    @PUT
    @Path("{year: [0-9][0-9][0-9][0-9]}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    @Transactional
    @Operation(summary = "Replace a year's holidays and make-up working days (the province's admin only); audited")
    public HolidayCalendar.Year put(@PathParam("year") int year, @NotNull @Valid YearRequest request) {
        CallerScope scope = caller.scope();
        // one calendar for every clock in the province: a city's or county's admin may not move the province's clocks
        String province = CallerScope.province();
        if (!scope.jurisdiction().map(province::equals).orElse(false)) {
            throw new ProblemException(Problem.of("province-admin-only", "Only the province's admin", 403,
                    "The holiday calendar serves every jurisdiction; only an admin whose jurisdiction is the province ("
                            + province + ") changes it"));
        }
        List<Problem.Violation> violations = new ArrayList<>();
        if (year < 2000 || year > 2100) {
            violations.add(new Problem.Violation("year", "must be between 2000 and 2100"));
        }
        Map<LocalDate, String> seen = new HashMap<>();
        List<HolidayCalendar.Day> days = new ArrayList<>();
        check(year, request.holidays(), "holidays", HolidayCalendar.Kind.HOLIDAY, seen, days, violations);
        check(year, request.workingDays(), "workingDays", HolidayCalendar.Kind.WORKING_DAY, seen, days, violations);
        if (!violations.isEmpty()) {
            throw new ProblemException(new Problem(Problem.of("bad-holiday-calendar", "Holiday calendar not accepted", 400, "").type(),
                    "Holiday calendar not accepted", 400, violations.size() + " problem(s); nothing was changed", null, violations));
        }
        return calendar.replace(year, request.source().strip(), days, scope.subject());
    }

    private static void check(int year, List<DayRequest> requested, String field, HolidayCalendar.Kind kind,
                              Map<LocalDate, String> seen, List<HolidayCalendar.Day> days, List<Problem.Violation> violations) {
        for (int i = 0; i < requested.size(); i++) {
            DayRequest day = requested.get(i);
            String where = field + "[" + i + "]";
            if (day.date().getYear() != year) {
                violations.add(new Problem.Violation(where + ".date", day.date() + " is not in " + year));
                continue;
            }
            String before = seen.putIfAbsent(day.date(), where);
            if (before != null) {
                violations.add(new Problem.Violation(where + ".date", day.date() + " is already listed as " + before));
                continue;
            }
            boolean weekend = day.date().getDayOfWeek() == DayOfWeek.SATURDAY || day.date().getDayOfWeek() == DayOfWeek.SUNDAY;
            if (kind == HolidayCalendar.Kind.WORKING_DAY && !weekend) {
                violations.add(new Problem.Violation(where + ".date", day.date() + " is a " + day.date().getDayOfWeek()
                        + ": a make-up working day (调休上班) is a Saturday or a Sunday"));
                continue;
            }
            days.add(new HolidayCalendar.Day(day.date(), kind, day.name().strip()));
        }
    }
}

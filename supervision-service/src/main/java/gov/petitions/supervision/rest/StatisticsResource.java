package gov.petitions.supervision.rest;

import gov.petitions.platform.province.InProvince;
import gov.petitions.platform.security.CallerScope;
import gov.petitions.platform.security.Roles;
import gov.petitions.supervision.service.Statistics;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Volume in batches and person-times (批次/人次) by period and jurisdiction, with the change on the year before. */
@Path("/statistics")
@Tag(name = "Statistics")
@RolesAllowed({Roles.SUPERVISOR, Roles.LEADER, Roles.AUDITOR})
public class StatisticsResource {

    /**
     * Digits only, at most a township's nine; that they are the deployment's province's is {@link InProvince}'s, and
     * that they are a division inside the caller's own jurisdiction the scope model's ({@code subtree}, a 403).
     */
    static final String DIVISION = "^[0-9]{2,9}$";

    private final Statistics statistics;
    private final Caller caller;

    public StatisticsResource(Statistics statistics, Caller caller) {
        this.statistics = statistics;
        this.caller = caller;
    }

    @GET
    @Path("volume")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Batches and person-times of a day, month or year (by default the current one in China), by channel "
            + "and by category, with year-on-year change; registered petitions and imported past figures together")
    public Statistics.Volume volume(@QueryParam("period") @NotBlank @Pattern(regexp = "^(day|month|year)$") String period,
                                    @QueryParam("date") @Pattern(regexp = "^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$") String date,
                                    @QueryParam("jurisdiction") @Pattern(regexp = DIVISION) @InProvince String jurisdiction) {
        return statistics.volume(window(period, date, jurisdiction));
    }

    @GET
    @Path("volume")
    @Produces("text/csv")
    public String volumeCsv(@QueryParam("period") @NotBlank @Pattern(regexp = "^(day|month|year)$") String period,
                            @QueryParam("date") @Pattern(regexp = "^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$") String date,
                            @QueryParam("jurisdiction") @Pattern(regexp = DIVISION) @InProvince String jurisdiction) {
        Statistics.Volume v = volume(period, date, jurisdiction);
        StringBuilder csv = new StringBuilder("period,date,jurisdiction,channel,batches,person_times\n");
        v.byChannel().forEach((channel, count) -> csv.append(String.join(",", period, v.date(), v.jurisdiction(), channel,
                String.valueOf(count.batches()), String.valueOf(count.personTimes()))).append('\n'));
        csv.append(String.join(",", period, v.date(), v.jurisdiction(), "TOTAL", String.valueOf(v.total().batches()),
                String.valueOf(v.total().personTimes()))).append('\n');
        return csv.toString();
    }

    @GET
    @Path("performance")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Response, resolution, satisfaction and on-time rates and the backlog, for cases received in the period (China's dates)")
    public Statistics.Performance performance(@QueryParam("period") @NotBlank @Pattern(regexp = "^(day|month|year)$") String period,
                                              @QueryParam("date") @Pattern(regexp = "^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$") String date,
                                              @QueryParam("jurisdiction") @Pattern(regexp = DIVISION) @InProvince String jurisdiction) {
        return statistics.performance(window(period, date, jurisdiction));
    }

    @GET
    @Path("call-backs")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Closure rate (办结率) and, apart from it, the resolution rate (解决率) from call-backs: resolved in "
            + "fact of those called back; satisfaction from call-backs; cases found not resolved; the petitioners' own "
            + "online evaluations. Cases received in the period (China's dates)")
    public Statistics.CallBackFigures callBacks(@QueryParam("period") @NotBlank @Pattern(regexp = "^(day|month|year)$") String period,
                                                @QueryParam("date") @Pattern(regexp = "^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$") String date,
                                                @QueryParam("jurisdiction") @Pattern(regexp = DIVISION) @InProvince String jurisdiction) {
        return statistics.callBacks(window(period, date, jurisdiction));
    }

    @GET
    @Path("closed-not-resolved")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.SUPERVISOR, Roles.LEADER, Roles.AUDITOR, Roles.HANDLER})
    @Operation(summary = "Cases received in the period that were closed with a reply a call-back then found not resolved "
            + "in fact (办结未解决): my jurisdiction's (supervisor, leader), my unit's replies (handler); never a case that recuses me")
    public Statistics.ClosedNotResolvedPage closedNotResolved(
            @QueryParam("period") @NotBlank @Pattern(regexp = "^(day|month|year)$") String period,
            @QueryParam("date") @Pattern(regexp = "^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$") String date,
            @QueryParam("jurisdiction") @Pattern(regexp = DIVISION) @InProvince String jurisdiction,
            @QueryParam("page") @DefaultValue("0") @Min(0) int page,
            @QueryParam("size") @DefaultValue("20") @Min(1) @Max(200) int size) {
        CallerScope scope = caller.scope();
        boolean unitOnly = scope.has(Roles.HANDLER) && !scope.has(Roles.SUPERVISOR) && !scope.has(Roles.LEADER)
                && !scope.seesWholeProvince();
        // a handler's list is their unit's replies wherever the matter is; everyone else's is a jurisdiction's
        Statistics.Window w = unitOnly ? statistics.window(period, date, CallerScope.province())
                : window(period, date, jurisdiction);
        return statistics.closedNotResolved(scope, w, page, size);
    }

    private Statistics.Window window(String period, String date, String jurisdiction) {
        // counts only, so a subtree's figures include the cases that recuse the caller (counts yes, case lists no);
        // no usable jurisdiction is a 403, never the province, and the figures stop at the edge of the caller's own
        return statistics.window(period, date, caller.scope().subtree(jurisdiction));
    }
}

package gov.petitions.insight.rest;

import gov.petitions.insight.service.HotSpotQueries;
import gov.petitions.platform.province.InProvince;
import gov.petitions.insight.service.HotSpotViews.HotSpotView;
import gov.petitions.insight.service.HotSpotViews.Series;
import gov.petitions.insight.service.RuleSettings;
import gov.petitions.insight.service.SurgeRule;
import gov.petitions.insight.service.TargetNames;
import gov.petitions.platform.problem.ProblemException;
import gov.petitions.platform.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Duration;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * Hot spots for the supervisors of a jurisdiction and for leaders. Any replica answers: what it does
 * not hold itself it asks the replica that does (see HotSpotQueries).
 */
@Path("/hotspots")
@Tag(name = "Hot spots")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.SUPERVISOR, Roles.LEADER})
public class HotSpotResource {

    private static final int MAX_POINTS_SPAN_DAYS = 400;

    private final HotSpotQueries queries;
    private final RuleSettings rules;
    private final Caller caller;
    private final Clock clock;

    public HotSpotResource(HotSpotQueries queries, RuleSettings rules, Caller caller, Clock clock) {
        this.queries = queries;
        this.rules = rules;
        this.caller = caller;
        this.clock = clock;
    }

    @GET
    @Operation(summary = "Hot spots in a jurisdiction subtree (default: yours), newest first; status=active (default) or all")
    public List<HotSpotView> list(@QueryParam("jurisdiction") @Pattern(regexp = "^[0-9]{2,9}$") @InProvince String jurisdiction,
                                  @QueryParam("status") @DefaultValue("active") @Pattern(regexp = "^(active|all)$") String status,
                                  @HeaderParam(HotSpotQueries.LOCAL_ONLY) boolean localOnly) {
        return queries.list(caller.scope(jurisdiction), "active".equals(status), caller, caller.token(), localOnly);
    }

    @GET
    @Path("{id}")
    @Operation(summary = "One hot spot, as it stands, with its history (detected, growing, resolved)")
    public HotSpotView one(@PathParam("id") @Pattern(regexp = "^[0-9a-f-]{36}$") String id,
                           @HeaderParam(HotSpotQueries.LOCAL_ONLY) boolean localOnly) {
        caller.scope(); // a caller with no jurisdiction is refused (403) before anything is looked up
        // outside the caller's subtree, or when its petitions accuse the caller's own jurisdiction (回避), it does not
        // exist for them, as a case in supervision's ledger: a 403 would tell the accused that an accusation exists
        return queries.find(id, caller.token(), localOnly)
                .filter(v -> caller.maySee(v.hotspot().placeCode(), v.hotspot().accusedUnitCodes()))
                .orElseThrow(() -> ProblemException.notFound("Hot spot", "No hot spot " + id + " in your jurisdiction"));
    }

    @GET
    @Path("series")
    @Operation(summary = "Petitions and persons of one place × category (× accused target) per window, for charts")
    public Series series(@QueryParam("place") @NotBlank @Pattern(regexp = InProvince.PLACE) @InProvince String place,
                         @QueryParam("category") @NotBlank @Pattern(regexp = "^[a-z][a-z0-9-]{1,39}$") String category,
                         @QueryParam("target") String target,
                         @QueryParam("window") @DefaultValue("hour") @Pattern(regexp = "^(hour|day|week)$") String window,
                         @QueryParam("from") String from, @QueryParam("to") String to,
                         @HeaderParam(HotSpotQueries.LOCAL_ONLY) boolean localOnly) {
        caller.scope(place);
        SurgeRule.WindowRule rule = rules.configured().window(window);
        Instant end = to == null ? clock.instant() : instant("to", to);
        Instant start = from == null ? end.minus(rule.size().multipliedBy(48)) : instant("from", from);
        if (!start.isBefore(end) || Duration.between(start, end).toDays() > MAX_POINTS_SPAN_DAYS) {
            throw ProblemException.badRequest("bad-range", "The time range is not usable",
                    "from must be before to, and at most " + MAX_POINTS_SPAN_DAYS + " days apart");
        }
        // the same normalisation as the counts, so a target can be asked for as a person would write it
        String normalisedTarget = target == null || target.isBlank() ? null : TargetNames.normalise(target);
        return queries.series(place, category, normalisedTarget, window, rule.size(), start, end, caller, caller.token(),
                localOnly);
    }

    private static Instant instant(String name, String value) {
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return Instant.parse(value);
            } catch (DateTimeParseException again) {
                throw ProblemException.badRequest("bad-time", "A time cannot be read",
                        name + " must be an RFC 3339 date-time such as 2025-03-01T09:00:00+08:00");
            }
        }
    }
}

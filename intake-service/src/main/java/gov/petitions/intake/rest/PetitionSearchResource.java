package gov.petitions.intake.rest;

import gov.petitions.intake.Channel;
import gov.petitions.intake.search.CaseState;
import gov.petitions.intake.search.PetitionSearch;
import gov.petitions.intake.search.SearchTerms;
import gov.petitions.platform.problem.ProblemException;
import gov.petitions.platform.security.CallerScope;
import gov.petitions.platform.security.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.transaction.Transactional;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Search of petitions by their words (检索): ranked, highlighted, paged, and scoped exactly as GET /petitions/{id}
 * is. The query is neither logged nor kept: it may name a person.
 */
@Path("/petitions/search")
@Tag(name = "Petitions (staff)")
@Produces(MediaType.APPLICATION_JSON)
public class PetitionSearchResource {

    private static final String UNIT_CODE = "^[A-Z0-9][A-Z0-9-]{1,63}$";

    private final PetitionSearch search;
    private final SecurityIdentity identity;

    public PetitionSearchResource(PetitionSearch search, SecurityIdentity identity) {
        this.search = search;
        this.identity = identity;
    }

    @GET
    @RolesAllowed({Roles.CLERK, Roles.SUPERVISOR, Roles.LEADER, Roles.AUDITOR, Roles.SERVICE})
    @Transactional
    @Operation(summary = "Petitions in which every term of q (Chinese cut at spaces, punctuation, particles such as "
            + "被/的 and category or place names) is found in the summary or text, or in the names of the "
            + "petition's category (信访事项分类, e.g. 拖欠工资) or place (行政区划 from the province down, e.g. 肥东, "
            + "合肥市), or whose tracking number is q; a term in the petition's own text ranks above one only in a "
            + "name; highlighted as fragments (never HTML) with the fields that matched (matchedIn), paged (page "
            + "from 0, size 1-50)",
            description = "Only petitions the caller could open with GET /petitions/{id} are returned and counted: the "
                    + "caller's jurisdiction (or location, a part of it; 403 beyond it), never one inside the "
                    + "petition's recusal set (回避). 403 without a jurisdiction. q: 1-100 characters, no control "
                    + "characters; %, _, \\ and the like are literal. from/to: ISO dates in China, both included. "
                    + "total counts at most the 500 most recent matches, which are ranked; truncated says there were more. unit (the unit now "
                    + "responsible, exact) and state (repeated or comma-separated, case.status-changed's states) "
                    + "filter by search's read model of routing's and supervision's events, which lags them by "
                    + "seconds: each hit's state and unitCode are as last heard, null before any; accused: petitions "
                    + "accusing that unit (recusal still hides them from it). q may be left out when another "
                    + "filter is given.")
    public PetitionSearch.Results search(
            @QueryParam("q") String q,
            @QueryParam("category") @Pattern(regexp = "^[a-z][a-z0-9-]{0,39}$", message = "must be a category code") String category,
            @QueryParam("location") @Pattern(regexp = "^[0-9]{2,9}$", message = "must be a division code such as 3413") String location,
            @QueryParam("channel") @Pattern(regexp = "^(WALK_IN|LETTER|ONLINE|HOTLINE)$", message = "must be WALK_IN, LETTER, ONLINE or HOTLINE") String channel,
            @QueryParam("from") String from, @QueryParam("to") String to,
            @QueryParam("trackingNumber") @Pattern(regexp = "^XF[0-9]{8,20}$", message = "must be a tracking number such as XF20260101000123") String trackingNumber,
            @QueryParam("unit") @Pattern(regexp = UNIT_CODE, message = "must be a unit code such as 341302-RSJ") String unit,
            @QueryParam("state") List<String> state,
            @QueryParam("accused") @Pattern(regexp = UNIT_CODE, message = "must be a unit code such as 341302-RSJ") String accused,
            @QueryParam("page") @DefaultValue("0") @Min(0) @Max(10000) int page,
            @QueryParam("size") @DefaultValue("20") @Min(1) @Max(50) int size) {
        // the scope first: a caller without the claim their role is scoped by learns nothing, not even about q
        CallerScope caller = CallerScope.of(identity);
        String subtree = caller.subtree(location);
        boolean hasQuery = q != null && !q.isEmpty();
        Set<CaseState> states = states(state);
        if (!hasQuery && trackingNumber == null && unit == null && states.isEmpty() && accused == null) {
            throw ProblemException.badRequest("invalid-query", "Nothing to search for",
                    "give q, trackingNumber, unit, state or accused");
        }
        SearchTerms terms = hasQuery ? SearchTerms.parse(q) : null;
        LocalDate fromDay = day("from", from);
        LocalDate toDay = day("to", to);
        if (fromDay != null && toDay != null && toDay.isBefore(fromDay)) {
            throw ProblemException.badRequest("invalid-period", "Invalid period", "'to' must be on or after 'from'");
        }
        return search.search(caller, terms, new PetitionSearch.Filters(subtree, category,
                channel == null ? null : Channel.valueOf(channel), fromDay, toDay, trackingNumber, unit, states, accused),
                page, size);
    }

    /** state=A&state=B or state=A,B: each one of case.status-changed's states, or a 400 naming them. */
    private static Set<CaseState> states(List<String> values) {
        Set<CaseState> states = EnumSet.noneOf(CaseState.class);
        for (String value : values == null ? List.<String>of() : values) {
            for (String one : value.split(",", -1)) {
                try {
                    states.add(CaseState.valueOf(one.strip()));
                } catch (IllegalArgumentException e) {
                    // the value is not echoed: it may be anything a client typed
                    throw ProblemException.badRequest("invalid-state", "Invalid state",
                            "state must be one or more of " + String.join(", ", CaseState.names()));
                }
            }
        }
        return states;
    }

    private static LocalDate day(String name, String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            if (value.length() != 10) {
                throw new DateTimeParseException("not yyyy-mm-dd", value, 0);
            }
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw ProblemException.badRequest("invalid-date", "Invalid date", name + " must be an ISO date such as 2026-01-31");
        }
    }
}

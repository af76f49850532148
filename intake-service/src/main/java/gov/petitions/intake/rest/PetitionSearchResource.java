package gov.petitions.intake.rest;

import gov.petitions.intake.Channel;
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

/**
 * Search of petitions by their words (检索): ranked, highlighted, paged, and scoped exactly as GET /petitions/{id}
 * is. The query is neither logged nor kept: it may name a person.
 */
@Path("/petitions/search")
@Tag(name = "Petitions (staff)")
@Produces(MediaType.APPLICATION_JSON)
public class PetitionSearchResource {

    private final PetitionSearch search;
    private final SecurityIdentity identity;

    public PetitionSearchResource(PetitionSearch search, SecurityIdentity identity) {
        this.search = search;
        this.identity = identity;
    }

    @GET
    @RolesAllowed({Roles.CLERK, Roles.SUPERVISOR, Roles.LEADER, Roles.AUDITOR, Roles.SERVICE})
    @Transactional
    @Operation(summary = "Petitions whose summary or text contain every term of q (Chinese cut at spaces, punctuation "
            + "and particles such as 被/的), or whose tracking number is q; ranked, highlighted as fragments "
            + "(never HTML), paged (page from 0, size 1-50)",
            description = "Only petitions the caller could open with GET /petitions/{id} are returned and counted: the "
                    + "caller's jurisdiction (or location, a part of it; 403 beyond it), never one inside the "
                    + "petition's recusal set (回避). 403 without a jurisdiction. q: 1-100 characters, no control "
                    + "characters; %, _, \\ and the like are literal. from/to: ISO dates in China, both included. "
                    + "total counts at most 2000 matches; truncated says there were more.")
    public PetitionSearch.Results search(
            @QueryParam("q") String q,
            @QueryParam("category") @Pattern(regexp = "^[a-z][a-z0-9-]{0,39}$", message = "must be a category code") String category,
            @QueryParam("location") @Pattern(regexp = "^[0-9]{2,9}$", message = "must be a division code such as 3413") String location,
            @QueryParam("channel") @Pattern(regexp = "^(WALK_IN|LETTER|ONLINE|HOTLINE)$", message = "must be WALK_IN, LETTER, ONLINE or HOTLINE") String channel,
            @QueryParam("from") String from, @QueryParam("to") String to,
            @QueryParam("trackingNumber") @Pattern(regexp = "^XF[0-9]{8,20}$", message = "must be a tracking number such as XF20260101000123") String trackingNumber,
            @QueryParam("page") @DefaultValue("0") @Min(0) @Max(10000) int page,
            @QueryParam("size") @DefaultValue("20") @Min(1) @Max(50) int size) {
        // the scope first: a caller without the claim their role is scoped by learns nothing, not even about q
        CallerScope caller = CallerScope.of(identity);
        String subtree = caller.subtree(location);
        boolean hasQuery = q != null && !q.isEmpty();
        if (!hasQuery && trackingNumber == null) {
            throw ProblemException.badRequest("invalid-query", "Nothing to search for", "give q or trackingNumber");
        }
        SearchTerms terms = hasQuery ? SearchTerms.parse(q) : null;
        LocalDate fromDay = day("from", from);
        LocalDate toDay = day("to", to);
        if (fromDay != null && toDay != null && toDay.isBefore(fromDay)) {
            throw ProblemException.badRequest("invalid-period", "Invalid period", "'to' must be on or after 'from'");
        }
        return search.search(caller, terms, new PetitionSearch.Filters(subtree, category,
                channel == null ? null : Channel.valueOf(channel), fromDay, toDay, trackingNumber), page, size);
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

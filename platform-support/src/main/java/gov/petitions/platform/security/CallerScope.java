package gov.petitions.platform.security;

import gov.petitions.platform.problem.Problem;
import gov.petitions.platform.problem.ProblemException;
import gov.petitions.platform.province.Province;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.json.JsonString;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The one scope model of the platform: who is calling, and which cases they may see and act on. Every service
 * resolves its caller through this class and asks it, for every read and write of a case; nothing else decides.
 *
 * <p>It <b>fails closed</b>: a role that is scoped (clerk, supervisor, leader by jurisdiction; handler by unit)
 * whose token lacks the claim, or carries an empty or malformed one, sees nothing. Province-wide readers are
 * the auditor (audit needs the whole ledger) and another service of the platform. Recusal (回避) is checked
 * after the scope: a caller inside the case's recusal set does not see the case at all, whatever their role
 * (the case then belongs to the next level's supervisors), see {@link CaseScope#recuses(String)}.
 *
 * @param subject      the token's subject (a person or a service identity), for audit
 * @param roles        the token's groups
 * @param unit         the unit a handler works for, if the token names a well-formed one
 * @param jurisdiction the division subtree a clerk, supervisor or leader works in, if well-formed
 */
public record CallerScope(String subject, Set<String> roles, Optional<String> unit, Optional<String> jurisdiction) {

    // division codes are 2 (province), 4 (city), 6 (county) or 9 (township) digits; one of another province than
    // the deployment's is well-formed but covers none of its cases (codes nest by prefix), so it sees nothing
    private static final Pattern DIVISION = Pattern.compile(
            "^(1[1-5]|2[1-3]|3[1-7]|4[1-6]|5[0-4]|6[1-5]|71|8[12])(\\d{2}(\\d{2}(\\d{3})?)?)?$"); // NBS province codes
    private static final Pattern UNIT = Pattern.compile("^[A-Z0-9][A-Z0-9-]{1,63}$");

    public CallerScope {
        roles = roles == null ? Set.of() : Set.copyOf(roles);
        unit = unit.filter(u -> UNIT.matcher(u).matches());
        jurisdiction = jurisdiction.filter(j -> DIVISION.matcher(j).matches());
    }

    /** The deployment's province ({@code petitions.province.code}): the whole-province subtree. */
    public static String province() {
        return Province.current().code();
    }


    public static CallerScope of(SecurityIdentity identity) {
        if (identity == null || identity.isAnonymous()) {
            return new CallerScope(null, Set.of(), Optional.empty(), Optional.empty());
        }
        if (identity.getPrincipal() instanceof JsonWebToken jwt) {
            return of(jwt);
        }
        return new CallerScope(identity.getPrincipal().getName(), identity.getRoles(), Optional.empty(), Optional.empty());
    }

    public static CallerScope of(JsonWebToken jwt) {
        return new CallerScope(jwt.getName(), jwt.getGroups(), claim(jwt, "unit"), claim(jwt, "jurisdiction"));
    }

    private static Optional<String> claim(JsonWebToken jwt, String name) {
        Object value = jwt.getClaim(name);
        if (value instanceof JsonString s) {
            value = s.getString();
        }
        return value instanceof String s && !s.isBlank() ? Optional.of(s) : Optional.empty();
    }

    public boolean has(String role) {
        return roles.contains(role);
    }

    /** Another service of the platform, or an auditor: they read every case of the province. */
    public boolean seesWholeProvince() {
        return has(Roles.SERVICE) || has(Roles.AUDITOR);
    }

    /**
     * Whether the caller may see this case at all. A caller who may not gets a 404, never a 403: a 403 would tell
     * the accused that an accusation exists.
     */
    public boolean maySee(CaseScope c) {
        if (seesWholeProvince()) {
            return true;
        }
        if (jurisdiction.isPresent() && (has(Roles.SUPERVISOR) || has(Roles.LEADER) || has(Roles.CLERK))
                && CaseScope.within(c.locationCode(), jurisdiction.get()) && !c.recuses(jurisdiction.get())) {
            return true;
        }
        return has(Roles.HANDLER) && unit.isPresent() && unit.get().equals(c.unitCode()) && !c.recuses(unit.get());
    }

    /** Supervisors and leaders act on (urge, reassign, escalate) the cases of their subtree they may see. */
    public boolean maySupervise(CaseScope c) {
        return (has(Roles.SUPERVISOR) || has(Roles.LEADER)) && jurisdiction.isPresent()
                && CaseScope.within(c.locationCode(), jurisdiction.get()) && !c.recuses(jurisdiction.get());
    }

    /** The case, or 404 if the caller may not see it (the same answer as for a case that does not exist). */
    public void requireVisible(CaseScope c) {
        if (!maySee(c)) {
            throw notFound();
        }
    }

    /**
     * The subtree the caller's lists, queues and statistics cover: the province for service and auditor, the
     * token's jurisdiction for the scoped roles, and a 403 for anyone else — never "everything" by default.
     */
    public String subtree() {
        if (seesWholeProvince()) {
            return province();
        }
        return jurisdiction.filter(j -> has(Roles.SUPERVISOR) || has(Roles.LEADER) || has(Roles.CLERK))
                .orElseThrow(() -> new ProblemException(Problem.of("no-jurisdiction", "No jurisdiction", 403,
                        "Your token names no jurisdiction; ask for one to be assigned to you")));
    }

    /** A requested subtree, refused when it reaches beyond the caller's own. */
    public String subtree(String requested) {
        String own = subtree();
        if (requested == null || requested.isBlank()) {
            return own;
        }
        if (!DIVISION.matcher(requested).matches() || !requested.startsWith(own)) {
            throw new ProblemException(Problem.of("outside-jurisdiction", "Outside your jurisdiction", 403,
                    "Your jurisdiction is " + own));
        }
        return requested;
    }

    /** The unit of a handler, or a 403 when the token names none. */
    public String requireUnit() {
        return unit.orElseThrow(() -> new ProblemException(Problem.of("no-unit", "No unit", 403,
                "Your token names no unit; ask for one to be assigned to you")));
    }

    public static ProblemException notFound() {
        return new ProblemException(Problem.of("not-found", "Not found", 404, "No such case"));
    }
}

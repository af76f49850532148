package gov.petitions.insight.rest;

import gov.petitions.platform.problem.Problem;
import gov.petitions.platform.problem.ProblemException;
import gov.petitions.platform.security.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** Who is calling and which part of the province they may watch: leaders all of it, supervisors their subtree. */
@RequestScoped
public class Caller {

    static final String PROVINCE = "34";

    private final SecurityIdentity identity;

    public Caller(SecurityIdentity identity) {
        this.identity = identity;
    }

    /** The subtree (a division code prefix; codes nest by prefix) the caller may see. */
    public String scope() {
        if (identity.hasRole(Roles.LEADER)) {
            return PROVINCE;
        }
        String jurisdiction = claim("jurisdiction");
        if (jurisdiction == null || jurisdiction.isBlank()) {
            throw new ProblemException(Problem.of("no-jurisdiction", "No jurisdiction", 403,
                    "Your token names no jurisdiction; ask for one to be assigned to you"));
        }
        return jurisdiction;
    }

    /** The requested subtree, refused when it reaches beyond the caller's own. */
    public String scope(String requested) {
        String own = scope();
        if (requested == null || requested.isBlank()) {
            return own;
        }
        if (!requested.startsWith(own)) {
            throw new ProblemException(Problem.of("outside-jurisdiction", "Outside your jurisdiction", 403,
                    "Your jurisdiction is " + own));
        }
        return requested;
    }

    /** The rule is the province's: only a provincial supervisor changes it. */
    public void mayTuneTheRule() {
        if (!identity.hasRole(Roles.SUPERVISOR) || !PROVINCE.equals(claim("jurisdiction"))) {
            throw new ProblemException(Problem.of("forbidden", "Forbidden", 403,
                    "Only a supervisor of the whole province (jurisdiction 34) may change the hot-spot rule"));
        }
    }

    public String name() {
        return identity.getPrincipal().getName();
    }

    /** The caller's own bearer token, passed on when another replica holds the answer. */
    public String token() {
        return identity.getPrincipal() instanceof JsonWebToken jwt ? jwt.getRawToken() : null;
    }

    private String claim(String name) {
        if (identity.getPrincipal() instanceof JsonWebToken jwt) {
            Object value = jwt.getClaim(name);
            return value == null ? null : value.toString().replace("\"", "");
        }
        return null;
    }
}

package gov.petitions.insight.rest;

import gov.petitions.insight.service.HotSpotQueries;
import gov.petitions.platform.problem.Problem;
import gov.petitions.platform.problem.ProblemException;
import gov.petitions.platform.security.CallerScope;
import gov.petitions.platform.security.CaseScope;
import gov.petitions.platform.security.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.util.Collection;

/** Who is calling and which part of the province they may watch: leaders and supervisors their jurisdiction, nothing without one. */
@RequestScoped
public class Caller implements HotSpotQueries.Viewer {

    private final SecurityIdentity identity;

    public Caller(SecurityIdentity identity) {
        this.identity = identity;
    }

    /** The subtree (a division code prefix; codes nest by prefix) the caller may see: the platform's one scope model. */
    public String scope() {
        return CallerScope.of(identity).subtree();
    }

    /** The requested subtree, refused when it reaches beyond the caller's own. */
    public String scope(String requested) {
        return CallerScope.of(identity).subtree(requested);
    }

    /**
     * A hot spot or a cell's counts are seen like a case: inside the caller's jurisdiction and outside the recusal set
     * of the petitions behind them (an accused unit's division and everything under it).
     */
    @Override
    public boolean maySee(String placeCode, Collection<String> accusedUnitCodes) {
        return CallerScope.of(identity).maySee(CaseScope.of(placeCode, null, accusedUnitCodes));
    }

    /** The rule is the province's: only a provincial supervisor changes it. */
    public void mayTuneTheRule() {
        CallerScope scope = CallerScope.of(identity);
        String province = CallerScope.province();
        if (!scope.has(Roles.SUPERVISOR) || !scope.jurisdiction().filter(province::equals).isPresent()) {
            throw new ProblemException(Problem.of("forbidden", "Forbidden", 403,
                    "Only a supervisor of the whole province (jurisdiction " + province + ") may change the hot-spot rule"));
        }
    }

    public String name() {
        return identity.getPrincipal().getName();
    }

    /** The caller's own bearer token, passed on when another replica holds the answer. */
    public String token() {
        return identity.getPrincipal() instanceof JsonWebToken jwt ? jwt.getRawToken() : null;
    }

}

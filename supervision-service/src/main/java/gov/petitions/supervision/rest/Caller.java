package gov.petitions.supervision.rest;

import gov.petitions.platform.security.CallerScope;
import gov.petitions.supervision.LedgerEntry;
import gov.petitions.supervision.service.CaseAccess;
import gov.petitions.supervision.service.CaseLedger;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;

import java.util.UUID;

/** Who is calling, resolved once per request through the platform's one scope model ({@link CallerScope}). */
@RequestScoped
public class Caller {

    private final SecurityIdentity identity;
    private CallerScope scope;

    public Caller(SecurityIdentity identity) {
        this.identity = identity;
    }

    public CallerScope scope() {
        if (scope == null) {
            scope = CallerScope.of(identity);
        }
        return scope;
    }

    public CaseLedger.Actor actor(String role) {
        return new CaseLedger.Actor(identity.getPrincipal().getName(), role);
    }

    /** The case, if the caller may see it; else a 404, the same answer as for a case that does not exist. */
    public LedgerEntry visible(UUID petitionId) {
        return CaseAccess.visible(petitionId, scope());
    }
}

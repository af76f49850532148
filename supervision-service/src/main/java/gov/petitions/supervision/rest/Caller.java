package gov.petitions.supervision.rest;

import gov.petitions.platform.security.Roles;
import gov.petitions.supervision.LedgerEntry;
import gov.petitions.supervision.service.CaseLedger;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** Who is calling, and what of the ledger they may see: handlers their unit, supervisors their subtree. */
@RequestScoped
public class Caller {

    private final SecurityIdentity identity;

    public Caller(SecurityIdentity identity) {
        this.identity = identity;
    }

    public String unit() {
        return claim("unit");
    }

    /** A division code; every case whose location lies under it (codes nest by prefix). */
    public String jurisdiction() {
        return claim("jurisdiction");
    }

    public CaseLedger.Actor actor(String role) {
        return new CaseLedger.Actor(identity.getPrincipal().getName(), role);
    }

    public boolean isLeader() {
        return identity.hasRole(Roles.LEADER);
    }

    public boolean maySee(LedgerEntry entry) {
        if (identity.hasRole(Roles.AUDITOR) || identity.hasRole(Roles.SERVICE) || identity.hasRole(Roles.LEADER)
                || identity.hasRole(Roles.CLERK)) {
            return true;
        }
        if (identity.hasRole(Roles.SUPERVISOR) && jurisdiction() != null
                && entry.locationCode.startsWith(jurisdiction())) {
            return true;
        }
        return identity.hasRole(Roles.HANDLER) && unit() != null && unit().equals(entry.unitCode);
    }

    /** The subtree whose statistics the caller may read: the whole province for leaders and auditors. */
    public String statisticsScope() {
        if (identity.hasRole(Roles.LEADER) || identity.hasRole(Roles.AUDITOR) || jurisdiction() == null) {
            return "34";
        }
        return jurisdiction();
    }

    private String claim(String name) {
        if (identity.getPrincipal() instanceof JsonWebToken jwt) {
            Object value = jwt.getClaim(name);
            return value == null ? null : value.toString().replace("\"", "");
        }
        return null;
    }
}

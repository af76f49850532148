package gov.petitions.supervision.service;

import gov.petitions.platform.problem.ProblemException;
import gov.petitions.platform.security.CallerScope;
import gov.petitions.platform.security.CaseScope;
import gov.petitions.platform.security.Roles;
import gov.petitions.supervision.LedgerEntry;

import java.util.UUID;

/**
 * The ledger's side of the one scope model ({@link CallerScope}): the rules are CallerScope's; this adds only what
 * the ledger knows of a case, and that a case whose accusation is not known yet is no jurisdiction's to see.
 * The SQL of lists and queues ({@code case_recuses}, migration V8) states the same rules for many cases at once.
 */
public final class CaseAccess {

    private CaseAccess() {
    }

    /** Whether the caller may see the case at all; if not, they get a 404, as if it did not exist. */
    public static boolean maySee(CallerScope caller, LedgerEntry entry) {
        if (caller.seesWholeProvince() || holds(caller, entry)) {
            return true;
        }
        return entry.accusationKnown() && caller.maySee(entry.scope());
    }

    /** Supervisors and leaders act (urge, instruct, minutes) on the cases of their subtree they may see. */
    public static boolean maySupervise(CallerScope caller, LedgerEntry entry) {
        return entry.accusationKnown() && caller.maySupervise(entry.scope());
    }

    /**
     * A handler of the unit that holds the case, and not recused. Known even before the accusation is: routing
     * chose the unit knowing it.
     */
    public static boolean holds(CallerScope caller, LedgerEntry entry) {
        CaseScope scope = entry.scope();
        return caller.has(Roles.HANDLER) && caller.unit().isPresent() && caller.unit().get().equals(entry.unitCode)
                && !scope.recuses(caller.unit().get());
    }

    /** The case, if the caller may see it; else a 404, the same answer as for a case that does not exist. */
    public static LedgerEntry visible(UUID petitionId, CallerScope caller) {
        LedgerEntry entry = LedgerEntry.findById(petitionId);
        if (entry == null || !maySee(caller, entry)) {
            throw notFound(petitionId);
        }
        return entry;
    }

    /** The case, if the caller may supervise it (urge, instruct, minutes); else a 404. */
    public static LedgerEntry supervised(UUID petitionId, CallerScope caller) {
        LedgerEntry entry = LedgerEntry.findById(petitionId);
        if (entry == null || !maySupervise(caller, entry)) {
            throw notFound(petitionId);
        }
        return entry;
    }

    private static ProblemException notFound(UUID petitionId) {
        return ProblemException.notFound("Case", "No case with petition id " + petitionId);
    }
}

package gov.petitions.routing.service;

import gov.petitions.platform.bulk.BulkItems;
import gov.petitions.platform.problem.Problem;
import gov.petitions.platform.problem.ProblemException;
import gov.petitions.platform.security.CallerScope;
import gov.petitions.platform.security.CaseScope;
import gov.petitions.routing.Unit;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.UUID;

/**
 * 批量改派: a supervisor moves a list of cases to one unit. What concerns the request as a whole — a jurisdiction, a
 * unit that exists and lies inside it — is checked once and refuses the whole request (400, 403), so that five hundred
 * identical refusals never hide why; the rest is {@link CaseRouter#reassign}'s, case by case, each in its own
 * transaction with its own {@code case.assigned} event ({@link BulkItems}): a case the caller may not see is
 * "not-found", a case whose recusal set holds the unit "recused-unit", a case already there "same-unit".
 */
@ApplicationScoped
public class BulkReassignment {

    private final CaseRouter router;

    public BulkReassignment(CaseRouter router) {
        this.router = router;
    }

    public List<BulkItems.Result> reassign(List<UUID> petitionIds, String unitCode, String reason, CallerScope caller) {
        String jurisdiction = caller.subtree();
        Unit unit = QuarkusTransaction.requiringNew().call(() -> Unit.<Unit>findById(unitCode));
        if (unit == null) {
            throw ProblemException.badRequest("unknown-unit", "Unknown unit", "No unit with code " + unitCode);
        }
        if (!CaseScope.within(unit.divisionCode, jurisdiction)) {
            throw new ProblemException(Problem.of("outside-jurisdiction", "Outside your jurisdiction", 403,
                    unit.code + " is outside your jurisdiction " + jurisdiction + "; ask the level above to move them"));
        }
        return BulkItems.each(petitionIds, id -> QuarkusTransaction.requiringNew()
                .run(() -> router.reassign(id, unitCode, reason, caller)));
    }
}

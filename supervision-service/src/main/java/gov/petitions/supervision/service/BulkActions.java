package gov.petitions.supervision.service;

import gov.petitions.platform.problem.Problem;
import gov.petitions.platform.problem.ProblemException;
import gov.petitions.platform.security.CallerScope;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Bulk actions on a list of cases (批量督办, 批量回访): each case is checked and done on its own, in a transaction of
 * its own, through the same domain service as the single case ({@link Supervision#urge}, {@link CallBacks#record}),
 * so it gets the same checks (scope, recusal, state), the same timeline entry and the same event, or nothing at all.
 * One case refused does not stop the others; the answer says for each what became of it. A case the caller may not
 * see is "not-found", worded exactly as for a case that does not exist.
 */
@ApplicationScoped
public class BulkActions {

    /** The most cases one request may name: a day's work, and a bound on how long one request runs. */
    public static final int MAX_ITEMS = 500;

    public enum Outcome { DONE, REFUSED }

    /** What became of one case: done, or refused with the problem's slug (its type's last segment) and detail. */
    public record Result(UUID petitionId, Outcome outcome, String reason, String detail) {
    }

    private final Supervision supervision;
    private final CallBacks callBacks;

    public BulkActions(Supervision supervision, CallBacks callBacks) {
        this.supervision = supervision;
        this.callBacks = callBacks;
    }

    /** 批量督办: each case urged as {@code POST /cases/{id}/urge} would. */
    public List<Result> urge(List<UUID> petitionIds, CallerScope supervisor, CaseLedger.Actor actor, String reason) {
        return each(petitionIds, supervisor, id -> supervision.urge(id, supervisor, actor, reason));
    }

    /** 批量回访: the same call recorded on each case as {@code POST /cases/{id}/call-backs} would. */
    public List<Result> callBack(List<UUID> petitionIds, CallerScope caller, CaseLedger.Actor actor, CallBacks.Call call) {
        return each(petitionIds, caller, id -> callBacks.record(id, caller, actor, call));
    }

    private List<Result> each(List<UUID> petitionIds, CallerScope caller, Consumer<UUID> action) {
        if (petitionIds.size() > MAX_ITEMS) {
            throw ProblemException.badRequest("too-many-cases", "Too many cases",
                    "At most " + MAX_ITEMS + " cases at a time; " + petitionIds.size() + " were given");
        }
        // no jurisdiction, no list: 403 for the whole request rather than 500 "not found"s that would hide why
        caller.subtree();
        List<Result> results = new ArrayList<>(petitionIds.size());
        Set<UUID> seen = new HashSet<>();
        for (UUID id : petitionIds) {
            if (!seen.add(id)) {
                results.add(new Result(id, Outcome.REFUSED, "duplicate", "Listed more than once; done at most once"));
                continue;
            }
            results.add(one(id, action));
        }
        return results;
    }

    private static Result one(UUID id, Consumer<UUID> action) {
        try {
            // its own transaction, whatever the caller runs in: a refusal rolls back this case only, and a case done
            // is committed with its timeline entry and its event before the next one starts
            QuarkusTransaction.requiringNew().run(() -> action.accept(id));
            return new Result(id, Outcome.DONE, null, null);
        } catch (RuntimeException e) {
            ProblemException problem = problemIn(e);
            if (problem == null) {
                Log.warnf(e, "bulk action on case %s failed", id);
                return new Result(id, Outcome.REFUSED, "failed", "The case could not be changed now; try it again");
            }
            Problem p = problem.problem();
            if (p.status() == 404) {
                // the same words for a case that does not exist and one the caller may not see
                return new Result(id, Outcome.REFUSED, "not-found", "No case with petition id " + id);
            }
            String type = p.type() == null ? "refused" : p.type().getPath();
            return new Result(id, Outcome.REFUSED, type.substring(type.lastIndexOf('/') + 1), p.detail());
        }
    }

    private static ProblemException problemIn(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ProblemException p) {
                return p;
            }
        }
        return null;
    }
}

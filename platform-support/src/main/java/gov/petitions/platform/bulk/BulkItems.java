package gov.petitions.platform.bulk;

import gov.petitions.platform.problem.Problem;
import gov.petitions.platform.problem.ProblemException;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * One action applied to a list of cases (批量督办, 批量回访, 批量改派), the same way in every service: each case checked
 * and done on its own, by the same domain service as the single case, so it gets the same checks (scope, recusal,
 * state), the same timeline entry and the same event, or nothing at all. One case refused does not stop the others;
 * the answer says for each what became of it. A case the caller may not see is "not-found", worded exactly as a case
 * that does not exist, so that a bulk request cannot probe for cases a single request would hide.
 */
public final class BulkItems {

    /** The most cases one request may name: a day's work, and a bound on how long one request runs. */
    public static final int MAX_ITEMS = 500;

    private static final Logger LOG = Logger.getLogger(BulkItems.class);

    public enum Outcome { DONE, REFUSED }

    /** What became of one case: done, or refused with the problem's slug (its type's last segment) and detail. */
    public record Result(UUID petitionId, Outcome outcome, String reason, String detail) {
    }

    private BulkItems() {
    }

    /**
     * Applies the action to each case once, in the order given.
     *
     * @param action must run in a transaction of its own (a {@code @Transactional} domain method called from outside
     *               any transaction, or {@code QuarkusTransaction.requiringNew()}): a refusal then rolls back that case
     *               only, and a case done is committed with its timeline entry and its event before the next starts
     */
    public static List<Result> each(List<UUID> petitionIds, Consumer<UUID> action) {
        if (petitionIds.size() > MAX_ITEMS) {
            throw ProblemException.badRequest("too-many-cases", "Too many cases",
                    "At most " + MAX_ITEMS + " cases at a time; " + petitionIds.size() + " were given");
        }
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
            action.accept(id);
            return new Result(id, Outcome.DONE, null, null);
        } catch (RuntimeException e) {
            ProblemException problem = problemIn(e);
            if (problem == null) {
                LOG.warnf(e, "bulk action on case %s failed", id);
                return new Result(id, Outcome.REFUSED, "failed", "The case could not be changed now; try it again");
            }
            Problem p = problem.problem();
            if (p.status() == 404) {
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

    /** The answer of a bulk request, not a list page: {@code results} in the order the cases were given, one each. */
    public record Report(int requested, int done, int refused, List<Item> results) {

        public record Item(UUID petitionId, String outcome, String reason, String detail) {
        }

        public static Report of(List<Result> results) {
            int done = (int) results.stream().filter(r -> r.outcome() == Outcome.DONE).count();
            return new Report(results.size(), done, results.size() - done, results.stream()
                    .map(r -> new Item(r.petitionId(), r.outcome().name().toLowerCase(), r.reason(), r.detail()))
                    .toList());
        }
    }
}

package gov.petitions.supervision.service;

import gov.petitions.platform.bulk.BulkItems;
import gov.petitions.platform.security.CallerScope;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Bulk actions on a list of cases (批量督办, 批量回访): each case checked and done on its own, in a transaction of its
 * own, through the same domain service as the single case ({@link Supervision#urge}, {@link CallBacks#record}); the
 * per-case rules and the answer are {@link BulkItems}', shared with routing's bulk reassignment.
 */
@ApplicationScoped
public class BulkActions {

    private final Supervision supervision;
    private final CallBacks callBacks;

    public BulkActions(Supervision supervision, CallBacks callBacks) {
        this.supervision = supervision;
        this.callBacks = callBacks;
    }

    /** 批量督办: each case urged as {@code POST /cases/{id}/urge} would. */
    public List<BulkItems.Result> urge(List<UUID> petitionIds, CallerScope supervisor, CaseLedger.Actor actor,
                                       String reason) {
        return each(petitionIds, supervisor, id -> supervision.urge(id, supervisor, actor, reason));
    }

    /** 批量回访: the same call recorded on each case as {@code POST /cases/{id}/call-backs} would. */
    public List<BulkItems.Result> callBack(List<UUID> petitionIds, CallerScope caller, CaseLedger.Actor actor,
                                           CallBacks.Call call) {
        return each(petitionIds, caller, id -> callBacks.record(id, caller, actor, call));
    }

    private static List<BulkItems.Result> each(List<UUID> petitionIds, CallerScope caller, Consumer<UUID> action) {
        // no jurisdiction, no list: 403 for the whole request rather than 500 "not found"s that would hide why
        caller.subtree();
        // its own transaction, whatever the caller runs in
        return BulkItems.each(petitionIds, id -> QuarkusTransaction.requiringNew().run(() -> action.accept(id)));
    }
}

package gov.petitions.supervision.service;

import gov.petitions.platform.tracing.EventSpans;
import gov.petitions.supervision.Deadline;
import gov.petitions.supervision.LedgerEntry;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * Fires the warnings and breaches of due clocks. Rows are claimed with FOR UPDATE SKIP LOCKED and
 * marked in the same transaction as the events they cause: two replicas never fire the same one,
 * and a restart in between loses none (the row is simply still due).
 */
@ApplicationScoped
public class DeadlineScanner {

    static final int BATCH = 100;

    private final EntityManager entityManager;
    private final CaseLedger ledger;
    private final Clock clock;
    private final EventSpans spans;

    public DeadlineScanner(EntityManager entityManager, CaseLedger ledger, Clock clock, EventSpans spans) {
        this.spans = spans;
        this.entityManager = entityManager;
        this.ledger = ledger;
        this.clock = clock;
    }

    @Scheduled(every = "${supervision.deadline-scan-interval:5s}", delayed = "2s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scan() {
        try {
            while (scanBatch() == BATCH) {
                // a backlog (e.g. after downtime) is worked off batch by batch, each its own transaction
            }
        } catch (RuntimeException e) {
            Log.warnf("Deadline scan failed, next run retries: %s", e.toString());
        }
    }

    /** @return how many due clocks this call handled */
    public int scanBatch() {
        return QuarkusTransaction.requiringNew().call(() -> {
            // the service's clock, not the database's: one time for every decision, movable in tests
            OffsetDateTime now = OffsetDateTime.now(clock);
            @SuppressWarnings("unchecked")
            List<Deadline> due = entityManager.createNativeQuery(
                            "select * from deadline where stopped_at is null and ("
                                    + "(breached_at is null and due_at <= :now) or "
                                    + "(warned_at is null and warn_at <= :now)) "
                                    + "order by due_at limit :limit for update skip locked", Deadline.class)
                    .setParameter("now", now)
                    .setParameter("limit", BATCH)
                    .getResultList();
            for (Deadline deadline : due) {
                LedgerEntry entry = LedgerEntry.findById(deadline.petitionId);
                // in the trace the clock was started in: the warning, the breach and the events they cause stay part
                // of the petition's trace however much later they come (docs/tracing.md)
                if (deadline.breachedAt == null && !deadline.dueAt.isAfter(now)) {
                    spans.resuming(deadline.trace(), "deadline breach", () -> {
                        ledger.breach(deadline, entry);
                        return null;
                    });
                } else if (deadline.warnedAt == null) {
                    spans.resuming(deadline.trace(), "deadline warning", () -> {
                        ledger.warn(deadline, entry);
                        return null;
                    });
                }
            }
            return due.size();
        });
    }
}

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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Fires the warnings and breaches of due clocks. Rows are claimed with FOR UPDATE SKIP LOCKED and
 * marked in the same transaction as the events they cause: two replicas never fire the same one,
 * and a restart in between loses none (the row is simply still due).
 */
@ApplicationScoped
public class DeadlineScanner {

    public static final int BATCH = 100;

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

    /**
     * The running clocks past their breach, oldest first. Two statements, each a range of its own partial index
     * (V2's {@code deadline_to_breach}, {@code deadline_to_warn}), rather than one with an OR: ordered by due time,
     * that one was planned as a walk of every running clock in due order whenever the statistics were older than the
     * table, and read all of them every few seconds (4.4 M index entries in a benchmark of 27,000 petitions).
     */
    public static final String DUE_BREACHES = "select * from deadline where stopped_at is null and breached_at is null "
            + "and due_at <= :now order by due_at limit :limit for update skip locked";

    /** The running clocks past their warning and not yet warned, oldest first. */
    public static final String DUE_WARNINGS = "select * from deadline where stopped_at is null and warned_at is null "
            + "and warn_at <= :now order by warn_at limit :limit for update skip locked";

    /** @return the larger of the batches claimed (breaches, warnings): {@link #BATCH} when more may be waiting */
    public int scanBatch() {
        return QuarkusTransaction.requiringNew().call(() -> {
            // the service's clock, not the database's: one time for every decision, movable in tests
            OffsetDateTime now = OffsetDateTime.now(clock);
            List<Deadline> breaches = claim(DUE_BREACHES, now);
            List<Deadline> warnings = claim(DUE_WARNINGS, now);
            // a clock due for its breach and never warned is in both: the breach says it all (it sets warned_at)
            Map<Long, Deadline> due = new LinkedHashMap<>();
            breaches.forEach(deadline -> due.put(deadline.id, deadline));
            warnings.forEach(deadline -> due.putIfAbsent(deadline.id, deadline));
            for (Deadline deadline : due.values()) {
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
            return Math.max(breaches.size(), warnings.size());
        });
    }

    @SuppressWarnings("unchecked")
    private List<Deadline> claim(String statement, OffsetDateTime now) {
        return entityManager.createNativeQuery(statement, Deadline.class)
                .setParameter("now", now)
                .setParameter("limit", BATCH)
                .getResultList();
    }
}

package gov.petitions.supervision.service;

import gov.petitions.platform.outbox.Outbox;
import gov.petitions.supervision.LedgerEntry;
import gov.petitions.supervision.config.StatutoryDeadlines;
import gov.petitions.supervision.events.FollowUpDueEvent;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

/**
 * Reminds a dedicated team (专班) of its follow-up dates from a leader's minutes: once ahead of the date
 * (DUE_SOON) and once more if the date passes without a report (OVERDUE). Same discipline as the deadline
 * scanner: rows claimed with SKIP LOCKED and marked in the transaction that records the event, so two replicas
 * never remind twice and a restart forgets none.
 */
@ApplicationScoped
public class FollowUpScanner {

    static final int BATCH = 100;

    private final EntityManager entityManager;
    private final Outbox outbox;
    private final StatutoryDeadlines deadlines;
    private final Clock clock;

    public FollowUpScanner(EntityManager entityManager, Outbox outbox, StatutoryDeadlines deadlines, Clock clock) {
        this.entityManager = entityManager;
        this.outbox = outbox;
        this.deadlines = deadlines;
        this.clock = clock;
    }

    @Scheduled(every = "${supervision.deadline-scan-interval:5s}", delayed = "3s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scan() {
        try {
            while (scanBatch() == BATCH) {
                // work off a backlog batch by batch
            }
        } catch (RuntimeException e) {
            Log.warnf("Follow-up scan failed, next run retries: %s", e.toString());
        }
    }

    public int scanBatch() {
        return QuarkusTransaction.requiringNew().call(() -> {
            OffsetDateTime now = OffsetDateTime.now(clock).truncatedTo(ChronoUnit.MILLIS);
            @SuppressWarnings("unchecked")
            List<Object[]> due = entityManager.createNativeQuery("select f.id, f.petition_id, f.due_at, f.reminded_at, "
                            + "m.leader, m.team from follow_up f join minutes m on m.petition_id = f.petition_id "
                            + "where f.done_at is null and ((f.reminded_at is null and f.due_at <= :remindFrom) "
                            + "or (f.overdue_at is null and f.due_at <= :now)) "
                            + "order by f.due_at limit :limit for update of f skip locked")
                    .setParameter("remindFrom", now.plus(deadlines.followUpReminderBefore()))
                    .setParameter("now", now).setParameter("limit", BATCH).getResultList();
            for (Object[] row : due) {
                long id = ((Number) row[0]).longValue();
                UUID petitionId = (UUID) row[1];
                OffsetDateTime dueAt = time(row[2]);
                boolean overdue = !dueAt.isAfter(now);
                String stage = overdue ? FollowUpDueEvent.OVERDUE : FollowUpDueEvent.DUE_SOON;
                entityManager.createNativeQuery(overdue
                                ? "update follow_up set overdue_at = :now, reminded_at = coalesce(reminded_at, :now) where id = :id"
                                : "update follow_up set reminded_at = :now where id = :id")
                        .setParameter("now", now).setParameter("id", id).executeUpdate();
                LedgerEntry entry = LedgerEntry.findById(petitionId);
                outbox.record(new FollowUpDueEvent(petitionId, entry.trackingNumber, id, stage, dueAt, (String) row[4],
                        (String) row[5], entry.unitCode, entry.level, now));
            }
            return due.size();
        });
    }

    static OffsetDateTime time(Object value) {
        if (value instanceof OffsetDateTime odt) {
            return odt;
        }
        if (value instanceof java.time.Instant instant) {
            return instant.atOffset(ZoneOffset.UTC);
        }
        return ((java.sql.Timestamp) value).toInstant().atOffset(ZoneOffset.UTC);
    }
}

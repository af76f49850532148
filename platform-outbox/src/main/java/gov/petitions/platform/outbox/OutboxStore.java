package gov.petitions.platform.outbox;

import gov.petitions.platform.events.TraceContext;
import gov.petitions.platform.relay.PendingEvent;
import gov.petitions.platform.relay.RelayStore;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.persistence.EntityManager;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The outbox on PostgreSQL ({@code outbox_event}, shipped by platform-outbox's migration {@code db/outbox}). One
 * replica of a service relays at a time: each batch first takes a transaction-scoped advisory lock, and a replica
 * that does not get it stands by until its next look. Two replicas sharing the rows would keep each row once but
 * could reorder one petition's events (replica B's rows 101–200 reaching the broker before replica A's 1–100).
 * Claim, publish and mark are one transaction: the rows are marked published in one statement once the broker
 * acknowledged all of them, and when it did not, the transaction rolls back and nothing is marked.
 */
final class OutboxStore implements RelayStore {

    private final EntityManager entityManager;
    private final Clock clock;

    OutboxStore(EntityManager entityManager, Clock clock) {
        this.entityManager = entityManager;
        this.clock = clock;
    }

    @Override
    public int relayBatch(int max, Consumer<List<PendingEvent>> publish) {
        return QuarkusTransaction.requiringNew().timeout(60).call(() -> {
            boolean relaying = (Boolean) entityManager
                    .createNativeQuery("select pg_try_advisory_xact_lock(hashtextextended('petitions-outbox-relay', 0))")
                    .getSingleResult();
            if (!relaying) {
                return 0; // another replica is relaying; it holds the lock for one batch at a time
            }
            @SuppressWarnings("unchecked")
            List<OutboxEvent> rows = entityManager.createNativeQuery(
                            "select * from outbox_event where published_at is null order by position "
                                    + "limit :limit for update skip locked", OutboxEvent.class)
                    .setParameter("limit", max)
                    .setHint(org.hibernate.jpa.HibernateHints.HINT_READ_ONLY, true)
                    .getResultList();
            if (rows.isEmpty()) {
                return 0;
            }
            List<PendingEvent> batch = new ArrayList<>(rows.size());
            List<Long> positions = new ArrayList<>(rows.size());
            for (OutboxEvent row : rows) {
                batch.add(new PendingEvent(row.eventId, row.topic, row.recordKey, row.eventType, row.subject,
                        row.occurredAt, row.dataSchema, row.payload,
                        row.traceParent == null ? null : new TraceContext(row.traceParent, row.traceState)));
                positions.add(row.position);
            }
            publish.accept(batch);
            // one statement for the whole batch, not one dirty-checked update per row
            entityManager.createNativeQuery("update outbox_event set published_at = :now, attempts = attempts + 1 "
                            + "where position in (:positions)")
                    .setParameter("now", OffsetDateTime.now(clock))
                    .setParameter("positions", positions)
                    .executeUpdate();
            return rows.size();
        });
    }

    @Override
    public long pending() {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) entityManager
                .createNativeQuery("select count(*) from outbox_event where published_at is null")
                .getSingleResult()).longValue());
    }

    /** Published rows are evidence for a while (what was told, when), then they go. */
    int purgePublishedBefore(OffsetDateTime cutoff) {
        return QuarkusTransaction.requiringNew().call(() -> entityManager.createNativeQuery(
                        "delete from outbox_event where published_at < :cutoff")
                .setParameter("cutoff", cutoff)
                .executeUpdate());
    }
}

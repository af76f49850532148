package gov.petitions.platform.relay;

import java.util.List;
import java.util.function.Consumer;

/**
 * Where a service keeps the events it has recorded until {@link EventRelay} has published them: PostgreSQL's
 * {@code outbox_event} (platform-outbox) or a MongoDB collection (notification-service).
 *
 * <p>One call is one batch, so that a store can hold what makes it exclusive (a transaction-scoped lock, a lease)
 * from the claim until the batch is marked.
 */
public interface RelayStore {

    /**
     * Claims up to {@code max} of the oldest unpublished events, in the order they were recorded, <em>exclusively</em>:
     * while this runs no other relay over the same store (another replica) publishes any event, so that one
     * petition's events cannot overtake each other across replicas. Hands them to {@code publish}, which returns only
     * once the broker acknowledged every one of them, and then marks them published. When {@code publish} throws,
     * marks nothing (they are claimed again later) and rethrows.
     *
     * @return how many were published: 0 when nothing waits or another relay holds the store right now
     */
    int relayBatch(int max, Consumer<List<PendingEvent>> publish);

    /** How many events wait to be published (the backlog gauge, health). */
    long pending();
}

package gov.petitions.notification.repository;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/** The retry scan's and the outcome outbox's view: the pointers due, their messages, and what was told. */
public interface RetryQueue {

    /** Pointers due: a lease ran out, a retry is due, or an outcome waits to be told. */
    List<RetryPointer> due(Instant now, int limit);

    /** The messages of these ids, in one read. */
    List<Message> messages(Collection<String> messageIds);

    /** Looks at these pointers (by id) again at the given times. */
    void reschedule(Map<String, Instant> pointers);

    void remove(Collection<String> pointerIds);

    /**
     * Marks what was told, by the pointer each outcome was recorded under: a final outcome's pointer goes, a
     * failure's pointer remembers the attempt told (only ever upwards). One write for a whole batch.
     */
    void markTold(Collection<ToldOutcome> told);
}

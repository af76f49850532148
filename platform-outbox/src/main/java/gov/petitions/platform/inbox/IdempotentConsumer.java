package gov.petitions.platform.inbox;

import gov.petitions.platform.events.CloudEvent;
import gov.petitions.platform.events.EventReader;
import gov.petitions.platform.events.PoisonEventException;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.time.Duration;
import java.util.function.BiConsumer;

/**
 * Runs a consumer's handler exactly once per event id: the id is recorded in {@code processed_event}
 * in the same transaction as the handler's changes, so a redelivered record changes nothing.
 * Transient failures (database restarting) are retried with backoff before the record is given up
 * to the dead-letter topic; poison records go there at once.
 */
@ApplicationScoped
public class IdempotentConsumer {

    private static final int MAX_ATTEMPTS = 8;

    private final EventReader reader;
    private final EntityManager entityManager;

    public IdempotentConsumer(EventReader reader, EntityManager entityManager) {
        this.reader = reader;
        this.entityManager = entityManager;
    }

    /**
     * @return true if the handler ran, false if the event had been processed before
     */
    public <T> boolean consume(ConsumerRecord<String, String> record, String consumer, String expectedType,
                               Class<T> dataType, BiConsumer<CloudEvent, T> handler) {
        CloudEvent event = CloudEvent.read(record, expectedType);
        T data = reader.read(record, dataType);
        Duration backoff = Duration.ofMillis(200);
        for (int attempt = 1; ; attempt++) {
            try {
                return QuarkusTransaction.requiringNew().call(() -> {
                    int inserted = entityManager.createNativeQuery(
                                    "insert into processed_event (event_id, consumer, processed_at) "
                                            + "values (:id, :consumer, now()) on conflict do nothing")
                            .setParameter("id", event.id())
                            .setParameter("consumer", consumer)
                            .executeUpdate();
                    if (inserted == 0) {
                        return false;
                    }
                    handler.accept(event, data);
                    return true;
                });
            } catch (PoisonEventException e) {
                throw e;
            } catch (RuntimeException e) {
                Throwable cause = rootCause(e);
                if (cause instanceof PoisonEventException poison) {
                    throw poison;
                }
                // while the database is down nothing can be applied: keep the partition waiting rather than
                // give good events up to the dead-letter topic; a defect still gives up after MAX_ATTEMPTS
                boolean unavailable = gov.petitions.platform.problem.TransientFailures.isUnavailable(e);
                if (attempt >= MAX_ATTEMPTS && !unavailable) {
                    throw e;
                }
                Log.warnf("Event %s (%s) failed on attempt %d, retrying in %s: %s", event.id(), event.type(),
                        attempt, backoff, cause.toString());
                sleep(backoff);
                backoff = backoff.multipliedBy(2).compareTo(Duration.ofSeconds(10)) > 0 ? Duration.ofSeconds(10)
                        : backoff.multipliedBy(2);
            }
        }
    }

    private static Throwable rootCause(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            if (cause instanceof PoisonEventException) {
                return cause;
            }
            cause = cause.getCause();
        }
        return cause;
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while retrying", e);
        }
    }
}

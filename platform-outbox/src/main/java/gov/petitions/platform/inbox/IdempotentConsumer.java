package gov.petitions.platform.inbox;

import gov.petitions.platform.events.CloudEvent;
import gov.petitions.platform.events.EventReader;
import gov.petitions.platform.events.PoisonEventException;
import gov.petitions.platform.tracing.EventSpans;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BiConsumer;

/**
 * Runs a consumer's handler exactly once per event id: the id is recorded in {@code processed_event}
 * in the same transaction as the handler's changes, so a redelivered record changes nothing.
 * Transient failures (database restarting) are retried with backoff before the record is given up
 * to the dead-letter topic; poison records go there at once.
 *
 * <p>{@link #consumeBatch} applies everything one poll brought in a single transaction: under load a poll holds
 * tens to hundreds of records, and one commit (one fsync) for all of them instead of one each is what lets a
 * consumer keep up. A batch that fails for any reason but an unavailable database is taken apart and applied
 * record by record, so one bad record costs its neighbours nothing but the retry.
 */
@ApplicationScoped
public class IdempotentConsumer {

    private static final int MAX_ATTEMPTS = 8;

    /**
     * When a batch's changes go to the database. A handler whose reads auto-flush (any query of a table the poll
     * writes, in Hibernate's AUTO mode) pays for a dirty check of every entity the session holds at each such read:
     * for it, each record's changes are written and forgotten before the next record ({@link #EACH_RECORD}). A
     * handler whose reads do not flush ({@code FlushModeType.COMMIT}, or loads by id) lets a kind of row go as one
     * JDBC batch for up to {@link IdempotentConsumer#TOGETHER_AT_MOST} records ({@link #TOGETHER}).
     */
    public enum Writes {
        EACH_RECORD(1), TOGETHER(TOGETHER_AT_MOST);

        final int flushEvery;

        Writes(int flushEvery) {
            this.flushEvery = flushEvery;
        }
    }

    /**
     * Records written together at most: the JDBC batch size of the services that batch (a poll's cost must not grow
     * with the square of its size, should a read of a handler flush after all).
     */
    static final int TOGETHER_AT_MOST = 50;

    private final EventReader reader;
    private final EntityManager entityManager;
    private final Clock clock;
    private final EventSpans spans;

    public IdempotentConsumer(EventReader reader, EntityManager entityManager, Clock clock, EventSpans spans) {
        this.spans = spans;
        this.reader = reader;
        this.entityManager = entityManager;
        this.clock = clock;
    }

    /**
     * @return true if the handler ran, false if the event had been processed before
     */
    public <T> boolean consume(ConsumerRecord<String, String> record, String consumer, String expectedType,
                               Class<T> dataType, BiConsumer<CloudEvent, T> handler) {
        CloudEvent event = CloudEvent.read(record, expectedType);
        T data = reader.read(record, dataType);
        // a span of the record's trace, current while the handler runs: the events it records carry it on
        return spans.consuming(record, consumer, () -> apply(event, data, consumer, handler));
    }

    private <T> boolean apply(CloudEvent event, T data, String consumer, BiConsumer<CloudEvent, T> handler) {
        Duration backoff = Duration.ofMillis(200);
        for (int attempt = 1; ; attempt++) {
            try {
                return QuarkusTransaction.requiringNew().call(() -> {
                    int inserted = entityManager.createNativeQuery(
                                    "insert into processed_event (event_id, consumer, processed_at) "
                                            + "values (:id, :consumer, :at) on conflict do nothing")
                            .setParameter("id", event.id())
                            .setParameter("consumer", consumer)
                            .setParameter("at", OffsetDateTime.now(clock))
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

    /**
     * Applies a poll's records in one transaction, then acknowledges the batch (which commits its offsets). Poison
     * records, and records that keep failing alone, are nacked one by one: the channel's dead-letter strategy sends
     * each to the dead-letter topic, and the batch is acknowledged only after those sends completed.
     */
    public <T> CompletionStage<Void> consumeBatch(KafkaRecordBatch<String, String> batch, String consumer,
                                                  String expectedType, Class<T> dataType,
                                                  BiConsumer<CloudEvent, T> handler) {
        return consumeBatch(batch, consumer, expectedType, dataType, Writes.EACH_RECORD, handler);
    }

    /** As {@link #consumeBatch(KafkaRecordBatch, String, String, Class, BiConsumer)}, its writes as {@code writes} says. */
    public <T> CompletionStage<Void> consumeBatch(KafkaRecordBatch<String, String> batch, String consumer,
                                                  String expectedType, Class<T> dataType, Writes writes,
                                                  BiConsumer<CloudEvent, T> handler) {
        List<Parsed<T>> parsed = new ArrayList<>();
        List<CompletableFuture<Void>> deadLetters = new ArrayList<>();
        for (KafkaRecord<String, String> message : batch) {
            @SuppressWarnings("unchecked")
            ConsumerRecord<String, String> record = message.getMetadata(IncomingKafkaRecordMetadata.class)
                    .map(metadata -> (ConsumerRecord<String, String>) metadata.getRecord())
                    .orElseThrow(() -> new IllegalStateException("not a record from Kafka"));
            try {
                parsed.add(new Parsed<>(message, record, CloudEvent.read(record, expectedType), reader.read(record, dataType)));
            } catch (PoisonEventException poison) {
                deadLetters.add(message.nack(poison).toCompletableFuture());
            }
        }
        if (!applyTogether(parsed, consumer, writes, handler)) {
            for (Parsed<T> one : parsed) {
                try {
                    consume(one.record(), consumer, expectedType, dataType, handler);
                } catch (RuntimeException e) {
                    deadLetters.add(one.message().nack(e).toCompletableFuture());
                }
            }
        }
        CompletableFuture.allOf(deadLetters.toArray(CompletableFuture[]::new)).join();
        return batch.ack();
    }

    private record Parsed<T>(KafkaRecord<String, String> message, ConsumerRecord<String, String> record,
                             CloudEvent event, T data) {
    }

    private static <T> List<Parsed<T>> byKey(List<Parsed<T>> parsed) {
        return parsed.stream().sorted(java.util.Comparator.comparing((Parsed<T> p) -> p.record().key(),
                java.util.Comparator.nullsFirst(java.util.Comparator.naturalOrder()))).toList();
    }

    /** @return false if the batch must be applied record by record instead (nothing of it was committed) */
    private <T> boolean applyTogether(List<Parsed<T>> parsed, String consumer, Writes writes,
                                      BiConsumer<CloudEvent, T> handler) {
        if (parsed.isEmpty()) {
            return true;
        }
        if (parsed.size() == 1) {
            return false; // the single-record path has the retries and the dead-letter decision
        }
        Duration backoff = Duration.ofMillis(200);
        while (true) {
            try {
                QuarkusTransaction.requiringNew().run(() -> {
                    Set<UUID> fresh = claim(parsed, consumer);
                    int applied = 0;
                    // by key (stably: a key's own events keep their order): two consumers' batches that touch the
                    // same petitions then lock them in the same order and cannot deadlock each other
                    for (Parsed<T> one : byKey(parsed)) {
                        // an id twice in one batch (a producer retry) runs once, like a redelivery
                        if (fresh.remove(one.event().id())) {
                            // one span per record, each a child of its own record's traceparent and current while
                            // its handler runs, so that the events it records continue that petition's trace (a
                            // span for the poll with links to the records would leave them no single parent)
                            spans.consuming(one.record(), consumer, () -> {
                                handler.accept(one.event(), one.data());
                                return null;
                            });
                            if (++applied % writes.flushEvery == 0) {
                                flushAndForget();
                            }
                        }
                    }
                });
                return true;
            } catch (RuntimeException e) {
                if (!gov.petitions.platform.problem.TransientFailures.isUnavailable(e)) {
                    // a cost worth seeing (the poll is applied again, a transaction per record) and a sign of
                    // consumers contending for the same rows; the record that fails alone is dead-lettered below
                    Log.warnf("Batch of %d failed together, applying its records one by one: %s", parsed.size(),
                            kindOf(rootCause(e)));
                    return false;
                }
                Log.warnf("Batch of %d events waits for the database, retrying in %s: %s", parsed.size(), backoff,
                        rootCause(e).toString());
                sleep(backoff);
                backoff = backoff.multipliedBy(2).compareTo(Duration.ofSeconds(10)) > 0 ? Duration.ofSeconds(10)
                        : backoff.multipliedBy(2);
            }
        }
    }

    /** Writes the changes so far and forgets their entities (see {@link Writes}). */
    private void flushAndForget() {
        entityManager.flush();
        entityManager.clear();
    }

    /** Records every event id of the batch as processed in one statement; returns the ids not processed before. */
    @SuppressWarnings("unchecked")
    private <T> Set<UUID> claim(List<Parsed<T>> parsed, String consumer) {
        // an array literal binds as plain text on every driver and Hibernate version
        String ids = parsed.stream().map(one -> one.event().id().toString()).distinct()
                .collect(java.util.stream.Collectors.joining(",", "{", "}"));
        List<Object> inserted = entityManager.createNativeQuery(
                        "insert into processed_event (event_id, consumer, processed_at) "
                                + "select id, :consumer, :at from unnest(cast(:ids as uuid[])) as id "
                                + "on conflict do nothing returning event_id")
                .setParameter("consumer", consumer)
                .setParameter("at", OffsetDateTime.now(clock))
                .setParameter("ids", ids)
                .getResultList();
        Set<UUID> fresh = new HashSet<>();
        for (Object id : inserted) {
            fresh.add(id instanceof UUID uuid ? uuid : UUID.fromString(id.toString()));
        }
        return fresh;
    }

    /** The failure's kind without its message: a constraint's message quotes the row's values. */
    private static String kindOf(Throwable cause) {
        return cause instanceof java.sql.SQLException sql && sql.getSQLState() != null
                ? cause.getClass().getSimpleName() + " (SQLSTATE " + sql.getSQLState() + ")"
                : cause.getClass().getSimpleName();
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

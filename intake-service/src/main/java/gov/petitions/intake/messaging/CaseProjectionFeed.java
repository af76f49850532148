package gov.petitions.intake.messaging;

import gov.petitions.intake.events.CaseAssigned;
import gov.petitions.intake.events.CaseStatusChanged;
import gov.petitions.intake.search.CaseProjection;
import gov.petitions.platform.events.CloudEvent;
import gov.petitions.platform.events.EventReader;
import gov.petitions.platform.events.PoisonEventException;
import gov.petitions.platform.problem.TransientFailures;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Turns records of case.assigned and case.status-changed into writes of search's read model ({@link CaseProjection}),
 * for the live consumers and for a rebuild alike. No inbox table: the projection's version guard already makes a
 * redelivered or replayed event change nothing, and a rebuild must be able to apply events the inbox has seen.
 *
 * <p>Index lag, the gauge {@code petitions.search.lag.seconds} (tag topic): how long before its change was committed
 * here the newest record of the last batch had been appended to its topic. It measures the live consumer only; it
 * keeps its last value while nothing arrives.
 */
@ApplicationScoped
public class CaseProjectionFeed {

    static final String ASSIGNMENTS = "case.assigned";
    static final String STATUS_CHANGES = "case.status-changed";
    public static final List<String> TOPICS = List.of(ASSIGNMENTS, STATUS_CHANGES);

    private final EventReader reader;
    private final CaseProjection projection;
    private final Map<String, AtomicLong> lagMillis =
            Map.of(ASSIGNMENTS, new AtomicLong(), STATUS_CHANGES, new AtomicLong());

    public CaseProjectionFeed(EventReader reader, CaseProjection projection, MeterRegistry registry) {
        this.reader = reader;
        this.projection = projection;
        lagMillis.forEach((topic, millis) -> Gauge
                .builder("petitions.search.lag.seconds", millis, m -> m.get() / 1000.0)
                .tag("topic", topic)
                .description("Seconds from a record's append to its topic until search's read model reflected it "
                        + "(the newest record of the last batch applied)")
                .register(registry));
    }

    /** One record, read and checked: an assignment or a status change. */
    public record Update(ConsumerRecord<String, String> record, CaseAssigned assigned, CaseStatusChanged changed) {

        CaseProjection.StatusChange statusChange() {
            return new CaseProjection.StatusChange(changed, record.partition(), record.offset());
        }
    }

    /** @throws PoisonEventException when the record can never be applied (it goes to the dead-letter topic) */
    public Update parse(ConsumerRecord<String, String> record) {
        Update update = switch (record.topic()) {
            case ASSIGNMENTS -> {
                CloudEvent.read(record, CaseAssigned.TYPE);
                yield new Update(record, reader.read(record, CaseAssigned.class), null);
            }
            case STATUS_CHANGES -> {
                CloudEvent.read(record, CaseStatusChanged.TYPE);
                yield new Update(record, null, reader.read(record, CaseStatusChanged.class));
            }
            default -> throw new PoisonEventException("not a topic of search's read model: " + record.topic());
        };
        String petitionId = (update.assigned() != null ? update.assigned().petitionId()
                : update.changed().petitionId()).toString();
        // the ordering of two changes at one instant relies on one petition's records sharing a partition
        if (!petitionId.equals(record.key())) {
            throw new PoisonEventException("record key is not the event's petitionId");
        }
        return update;
    }

    /**
     * Applies the updates in one new transaction; returns how many changed the read model. A live consumer's poll is
     * of one topic, one statement ({@link CaseProjection}: its rows in the order of their petition ids, since the two
     * topics' consumers insert the same petitions' rows and two polls applied in the orders they came deadlocked each
     * other). A rebuild's poll mixes both: one statement each would lock every petition of the first before any of
     * the second, against a live consumer locking in id order, so it goes record by record in the order of their keys
     * (stably: one petition's updates keep theirs), which is the same order.
     */
    public int apply(List<Update> updates) {
        boolean assignments = updates.stream().allMatch(u -> u.assigned() != null);
        boolean changes = updates.stream().allMatch(u -> u.changed() != null);
        if (assignments || changes) {
            return QuarkusTransaction.requiringNew().call(() -> assignments
                    ? projection.assigned(updates.stream().map(Update::assigned).toList())
                    : projection.statusChanged(updates.stream().map(Update::statusChange).toList()));
        }
        List<Update> byKey = updates.stream().sorted(java.util.Comparator.comparing((Update u) -> u.record().key(),
                java.util.Comparator.nullsFirst(java.util.Comparator.naturalOrder()))).toList();
        return QuarkusTransaction.requiringNew().call(() -> {
            int changed = 0;
            for (Update update : byKey) {
                changed += update.assigned() != null ? projection.assigned(List.of(update.assigned()))
                        : projection.statusChanged(List.of(update.statusChange()));
            }
            return changed;
        });
    }

    /**
     * A poll's records in one transaction, then the batch acknowledged (its offsets committed). A poison record, or one
     * that still fails alone, is nacked: the channel's dead-letter strategy sends it to intake-service.dlq and the
     * partition goes on. While the database is unavailable nothing is given up: the batch waits.
     */
    public CompletionStage<Void> consume(KafkaRecordBatch<String, String> batch) {
        List<Update> updates = new ArrayList<>();
        List<KafkaRecord<String, String>> messages = new ArrayList<>();
        List<CompletableFuture<Void>> deadLetters = new ArrayList<>();
        for (KafkaRecord<String, String> message : batch) {
            @SuppressWarnings("unchecked")
            ConsumerRecord<String, String> record = message.getMetadata(IncomingKafkaRecordMetadata.class)
                    .map(metadata -> (ConsumerRecord<String, String>) metadata.getRecord())
                    .orElseThrow(() -> new IllegalStateException("not a record from Kafka"));
            try {
                updates.add(parse(record));
                messages.add(message);
            } catch (PoisonEventException poison) {
                deadLetters.add(message.nack(poison).toCompletableFuture());
            }
        }
        if (!updates.isEmpty() && !applyWaitingForTheDatabase(updates)) {
            for (int i = 0; i < updates.size(); i++) {
                try {
                    applyWaitingForTheDatabase(List.of(updates.get(i)), true);
                } catch (RuntimeException e) {
                    deadLetters.add(messages.get(i).nack(e).toCompletableFuture());
                }
            }
        }
        // the broker's append time against this machine's wall clock, not the injected clock: lag is a measurement,
        // not a date anyone reads
        long now = System.currentTimeMillis();
        Map<String, Long> newestByTopic = new HashMap<>();
        updates.forEach(u -> newestByTopic.merge(u.record().topic(), u.record().timestamp(), Math::max));
        newestByTopic.forEach((topic, appended) -> lagMillis.get(topic).set(Math.max(0, now - appended)));
        CompletableFuture.allOf(deadLetters.toArray(CompletableFuture[]::new)).join();
        return batch.ack();
    }

    /** @return false when the batch failed for another reason than an unavailable database (nothing was applied) */
    private boolean applyWaitingForTheDatabase(List<Update> updates) {
        try {
            applyWaitingForTheDatabase(updates, false);
            return true;
        } catch (RuntimeException e) {
            Log.debugf("Batch of %d projection updates failed together, applying them one by one: %s",
                    updates.size(), e);
            return false;
        }
    }

    private void applyWaitingForTheDatabase(List<Update> updates, boolean alone) {
        Duration backoff = Duration.ofMillis(200);
        while (true) {
            try {
                apply(updates);
                return;
            } catch (RuntimeException e) {
                if (!TransientFailures.isUnavailable(e)) {
                    throw e;
                }
                Log.warnf("Search's read model waits for the database (%d update(s)%s), retrying in %s: %s",
                        updates.size(), alone ? ", one by one" : "", backoff, e.toString());
                try {
                    Thread.sleep(backoff.toMillis());
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for the database", interrupted);
                }
                backoff = backoff.multipliedBy(2).compareTo(Duration.ofSeconds(10)) > 0 ? Duration.ofSeconds(10)
                        : backoff.multipliedBy(2);
            }
        }
    }
}

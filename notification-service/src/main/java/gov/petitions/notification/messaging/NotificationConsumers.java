package gov.petitions.notification.messaging;

import gov.petitions.notification.events.CaseEvents;
import gov.petitions.notification.events.HotspotDetected;
import gov.petitions.notification.events.PetitionRegistered;

import gov.petitions.notification.service.ArchivedCases;
import gov.petitions.notification.service.Notifier;
import gov.petitions.notification.service.Poll;
import gov.petitions.platform.events.CloudEvent;
import gov.petitions.platform.events.EventReader;
import gov.petitions.platform.events.PoisonEventException;
import gov.petitions.platform.tracing.EventSpans;
import io.quarkus.logging.Log;
import io.smallrye.reactive.messaging.annotations.Blocking;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * Channel = topic with '-' for '.' (MicroProfile Config reads dots as separators). Every channel is consumed a poll at
 * a time (batch=true): the poll's events are applied into one {@link Poll} and written together ({@link Notifier#flush};
 * docs/notifications.md, "How a poll is applied"). A record that is not a valid event, or whose event cannot be
 * applied, is nacked alone and goes to the dead-letter topic; the poll is acknowledged (its offsets committed) after
 * its writes and those dead-letter sends.
 *
 * <p>Each record is applied in a consumer span of its own, a child of the record's {@code traceparent} (docs/tracing.md),
 * current while its handler stages the record's messages; the messages keep that span's context, so their delivery
 * attempts, made later on the channels' threads, continue the petition's trace.
 */
@ApplicationScoped
public class NotificationConsumers {

    /** Writing a poll is tried this often (with growing pauses) before its events are written one by one. */
    private static final int FLUSH_ATTEMPTS = 3;
    /** The consumer group of every channel (application.properties), as the consumer spans name it. */
    static final String GROUP = "notification-service";

    private final EventReader reader;
    private final Notifier notifier;
    private final EventSpans spans;
    private final ArchivedCases archivedCases;

    public NotificationConsumers(EventReader reader, Notifier notifier, EventSpans spans, ArchivedCases archivedCases) {
        this.reader = reader;
        this.notifier = notifier;
        this.spans = spans;
        this.archivedCases = archivedCases;
    }

    @Incoming("petition-registered")
    @Blocking
    public CompletionStage<Void> onPetitionsRegistered(KafkaRecordBatch<String, String> batch) {
        return apply(batch, PetitionRegistered.TYPE, PetitionRegistered.class, null, notifier::sendReceipt);
    }

    @Incoming("case-assigned")
    @Blocking
    public CompletionStage<Void> onCasesAssigned(KafkaRecordBatch<String, String> batch) {
        return apply(batch, CaseEvents.Assigned.TYPE, CaseEvents.Assigned.class, a -> a.petitionId().toString(),
                notifier::tellForwarded);
    }

    @Incoming("case-deadline-warning")
    @Blocking
    public CompletionStage<Void> onDeadlineWarnings(KafkaRecordBatch<String, String> batch) {
        return apply(batch, CaseEvents.Deadline.WARNING_TYPE, CaseEvents.Deadline.class, null,
                (poll, event, deadline) -> notifier.tellDeadline(poll, event, deadline, false));
    }

    @Incoming("case-deadline-breached")
    @Blocking
    public CompletionStage<Void> onDeadlinesBreached(KafkaRecordBatch<String, String> batch) {
        return apply(batch, CaseEvents.Deadline.BREACHED_TYPE, CaseEvents.Deadline.class, null,
                (poll, event, deadline) -> notifier.tellDeadline(poll, event, deadline, true));
    }

    @Incoming("case-status-changed")
    @Blocking
    public CompletionStage<Void> onStatusChanges(KafkaRecordBatch<String, String> batch) {
        return apply(batch, CaseEvents.StatusChanged.TYPE, CaseEvents.StatusChanged.class,
                change -> change.petitionId().toString(), notifier::tellStep);
    }

    @Incoming("case-follow-up-due")
    @Blocking
    public CompletionStage<Void> onFollowUpsDue(KafkaRecordBatch<String, String> batch) {
        return apply(batch, CaseEvents.FollowUpDue.TYPE, CaseEvents.FollowUpDue.class, null, notifier::remindFollowUp);
    }

    @Incoming("case-urgency-changed")
    @Blocking
    public CompletionStage<Void> onUrgencyChanges(KafkaRecordBatch<String, String> batch) {
        return apply(batch, CaseEvents.UrgencyChanged.TYPE, CaseEvents.UrgencyChanged.class, null, notifier::tellUrgency);
    }

    @Incoming("case-linked")
    @Blocking
    public CompletionStage<Void> onCasesLinked(KafkaRecordBatch<String, String> batch) {
        return apply(batch, CaseEvents.Linked.TYPE, CaseEvents.Linked.class, linked -> linked.petitionId().toString(),
                notifier::tellLinked);
    }

    @Incoming("case-unlinked")
    @Blocking
    public CompletionStage<Void> onCasesUnlinked(KafkaRecordBatch<String, String> batch) {
        return apply(batch, CaseEvents.Unlinked.TYPE, CaseEvents.Unlinked.class,
                unlinked -> unlinked.petitionId().toString(), notifier::tellUnlinked);
    }

    @Incoming("case-archived")
    @Blocking
    public CompletionStage<Void> onCasesArchived(KafkaRecordBatch<String, String> batch) {
        return apply(batch, CaseEvents.Archived.TYPE, CaseEvents.Archived.class, null,
                (poll, event, archived) -> archivedCases.remove(archived));
    }

    @Incoming("hotspot-detected")
    @Blocking
    public CompletionStage<Void> onHotspots(KafkaRecordBatch<String, String> batch) {
        return apply(batch, HotspotDetected.TYPE, HotspotDetected.class, null, notifier::alertHotspot);
    }

    /** What an event does to a poll. */
    @FunctionalInterface
    interface Handler<T> {
        void apply(Poll poll, CloudEvent event, T data);
    }

    private record Parsed<T>(KafkaRecord<String, String> message, ConsumerRecord<String, String> record,
                             CloudEvent event, T data) {
    }

    /**
     * @param petitionOf the petition an event needs the petitioner of (read for the whole poll at once), or null
     */
    private <T> CompletionStage<Void> apply(KafkaRecordBatch<String, String> batch, String type, Class<T> dataType,
                                            Function<T, String> petitionOf, Handler<T> handler) {
        List<CompletableFuture<Void>> deadLetters = new ArrayList<>();
        List<Parsed<T>> parsed = new ArrayList<>();
        for (KafkaRecord<String, String> message : batch) {
            try {
                ConsumerRecord<String, String> record = record(message);
                parsed.add(new Parsed<>(message, record, CloudEvent.read(record, type), reader.read(record, dataType)));
            } catch (PoisonEventException poison) {
                deadLetters.add(message.nack(poison).toCompletableFuture());
            }
        }
        // while MongoDB cannot be reached nothing can be written: the poll waits and is applied again (every write is
        // idempotent) rather than any of its events going to the dead-letter topic, where a receipt would wait for a
        // person to replay it; only what fails for a reason of its own is dead-lettered, once
        List<Rejected> rejected = new ArrayList<>();
        Duration wait = Duration.ofMillis(200);
        while (true) {
            rejected.clear();
            try {
                write(parsed, type, petitionOf, handler, rejected);
                break;
            } catch (RuntimeException e) {
                if (!unavailable(e)) {
                    throw e;
                }
                Log.warnf("MongoDB is unavailable; the poll of %d %s events waits %s and is applied again: %s",
                        parsed.size(), type, wait, e.toString());
                try {
                    Thread.sleep(wait.toMillis());
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
                wait = wait.multipliedBy(2).compareTo(MAX_UNAVAILABLE_WAIT) > 0 ? MAX_UNAVAILABLE_WAIT : wait.multipliedBy(2);
            }
        }
        for (Rejected one : rejected) {
            deadLetters.add(one.message().nack(one.error()).toCompletableFuture());
        }
        CompletableFuture.allOf(deadLetters.toArray(CompletableFuture[]::new)).join();
        return batch.ack();
    }

    private record Rejected(KafkaRecord<String, String> message, Throwable error) {
    }

    private static final Duration MAX_UNAVAILABLE_WAIT = Duration.ofSeconds(10);

    /** Whether a failure is MongoDB being out of reach (no server, a time-out, an election), not the event's own. */
    static boolean unavailable(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof com.mongodb.MongoSocketException || c instanceof com.mongodb.MongoTimeoutException
                    || c instanceof com.mongodb.MongoNotPrimaryException
                    || c instanceof com.mongodb.MongoNodeIsRecoveringException
                    || c instanceof com.mongodb.MongoExecutionTimeoutException) {
                return true;
            }
        }
        return false;
    }

    /** Applies and writes the poll; an event that fails for a reason of its own goes into {@code rejected}. */
    private <T> void write(List<Parsed<T>> parsed, String type, Function<T, String> petitionOf, Handler<T> handler,
                           List<Rejected> rejected) {
        List<Parsed<T>> applied = new ArrayList<>();
        Poll poll = applyAll(parsed, petitionOf, handler, applied, rejected);
        RuntimeException failure = flush(poll, FLUSH_ATTEMPTS);
        if (failure != null && applied.size() == 1) {
            rejected.add(new Rejected(applied.get(0).message(), failure));
        } else if (failure != null) {
            // the poll could not be written together: each event on its own, so that one costs only itself (applying
            // an event again is what a redelivery does: every write is idempotent or kept to once by a unique index)
            Log.warnf("A poll of %d %s events could not be written together, writing them one by one: %s",
                    applied.size(), type, failure.toString());
            for (Parsed<T> one : applied) {
                List<Parsed<T>> alone = new ArrayList<>(1);
                Poll single = applyAll(List.of(one), petitionOf, handler, alone, rejected);
                RuntimeException failed = alone.isEmpty() ? null : flush(single, 1);
                if (failed != null) {
                    rejected.add(new Rejected(one.message(), failed));
                }
            }
        }
    }

    /** Applies the events into a new poll; one that fails is rejected (dead-lettered later), the others go into {@code applied}. */
    private <T> Poll applyAll(List<Parsed<T>> events, Function<T, String> petitionOf, Handler<T> handler,
                              List<Parsed<T>> applied, List<Rejected> rejected) {
        Poll poll = notifier.poll(petitionOf == null ? List.of()
                : events.stream().map(e -> petitionOf.apply(e.data())).distinct().toList());
        for (Parsed<T> one : events) {
            try {
                // a poll applied again (MongoDB was away, or its events one by one) shows each attempt as a span
                spans.consuming(one.record(), GROUP,
                        () -> poll.apply(one.event(), () -> handler.apply(poll, one.event(), one.data())));
                applied.add(one);
            } catch (RuntimeException e) {
                if (unavailable(e)) {
                    throw e;
                }
                rejected.add(new Rejected(one.message(), e));
            }
        }
        return poll;
    }

    /** @return null once the poll is written, or the last failure after {@code attempts} tries */
    private RuntimeException flush(Poll poll, int attempts) {
        Duration pause = Duration.ofMillis(200);
        for (int attempt = 1; ; attempt++) {
            try {
                notifier.flush(poll);
                return null;
            } catch (RuntimeException e) {
                if (unavailable(e)) {
                    throw e;
                }
                if (attempt >= attempts) {
                    return e;
                }
                Log.warnf("Writing a poll of %d events failed (attempt %d), again in %s: %s", poll.events(), attempt,
                        pause, e.toString());
                try {
                    Thread.sleep(pause.toMillis());
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return e;
                }
                pause = pause.multipliedBy(2);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static ConsumerRecord<String, String> record(KafkaRecord<String, String> message) {
        return message.getMetadata(IncomingKafkaRecordMetadata.class)
                .map(metadata -> (ConsumerRecord<String, String>) metadata.getRecord())
                .orElseThrow(() -> new IllegalStateException("not a record from Kafka"));
    }
}

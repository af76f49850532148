package gov.petitions.notification.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import gov.petitions.notification.messaging.DeliveryOutcomeEvent;
import gov.petitions.notification.domain.MessageStatus;
import gov.petitions.notification.repository.Attempt;
import gov.petitions.notification.repository.Message;
import gov.petitions.notification.repository.RetryQueue;
import gov.petitions.platform.events.CloudEvent;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import io.smallrye.common.annotation.Identifier;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The outbox of a MongoDB service: a message's outcome is recorded first, and this relay tells it on Kafka
 * afterwards, in batches, on its own thread. The worker that recorded the outcome hands the recorded message over
 * in memory, so telling it costs no read; the message's retry pointer stays until the outcome is told, so that
 * if this process dies first, the retry scan of any replica finds the outcome and tells it. The event id derives
 * from the message and its outcome, so telling it twice after a crash is harmless to idempotent consumers.
 */
@ApplicationScoped
public class DeliveryOutcomeRelay {

    private static final String SOURCE = "/notification-service";
    private static final int BATCH = 200;
    /**
     * How long told outcomes gather before their pointers are settled in one write. Telling does not wait for it;
     * a crash in between only tells those outcomes again (same event ids) once their leases run out.
     */
    private static final long SETTLE_AFTER_MS = 500;
    /** Beyond this many waiting (Kafka down for long), outcomes wait in MongoDB instead, for the retry scan. */
    private static final int BACKLOG = 20_000;

    /** A recorded outcome to tell, and the retry pointer to settle once it is told. */
    private record Outcome(Message message, String pointerId) {
        String key() {
            return pointerId + ":" + message.outcomeSeq();
        }
    }

    private final RetryQueue retries;
    private final java.time.Clock clock;
    private final ObjectMapper mapper;
    private final Map<String, Object> kafkaConfig;
    private final BlockingQueue<Outcome> outcomes = new LinkedBlockingQueue<>(BACKLOG);
    /** What is queued or being told, so that an outcome the retry scan finds again is not queued twice. */
    private final Set<String> queued = ConcurrentHashMap.newKeySet();
    private volatile boolean running;
    private KafkaProducer<String, String> producer;
    private Thread worker;

    public DeliveryOutcomeRelay(RetryQueue retries, ObjectMapper mapper,
                                @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig,
                                java.time.Clock clock) {
        this.retries = retries;
        this.clock = clock;
        this.mapper = mapper;
        // every kafka.* setting (bootstrap servers, SASL/TLS in Kubernetes) applies to this producer too
        this.kafkaConfig = kafkaConfig;
    }

    void start(@Observes StartupEvent startup) {
        Map<String, Object> settings = new java.util.HashMap<>();
        kafkaConfig.forEach((key, value) -> settings.put(key, value));
        settings.putAll(Map.of(
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 2,
                ProducerConfig.CLIENT_ID_CONFIG, "notification-outcome-relay",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName()));
        producer = new KafkaProducer<>(settings);
        running = true;
        worker = new Thread(this::loop, "outcome-relay");
        worker.setDaemon(true);
        worker.start();
    }

    void stop(@Observes ShutdownEvent shutdown) {
        running = false;
        try {
            if (worker != null) {
                worker.join(5_000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (producer != null) {
            producer.close(java.time.Duration.ofSeconds(5));
        }
    }

    /**
     * Called right after an outcome was recorded (with the message as recorded), or by the retry scan for one
     * whose worker died before telling it, so the event leaves within milliseconds.
     */
    public void offer(Message recorded, String pointerId) {
        offer(new Outcome(recorded, pointerId));
    }

    private void offer(Outcome outcome) {
        String key = outcome.key();
        if (queued.add(key) && !outcomes.offer(outcome)) {
            queued.remove(key); // the backlog is full: the retry scan offers it again later
        }
    }

    private void loop() {
        List<Outcome> batch = new ArrayList<>(BATCH);
        List<Outcome> told = new ArrayList<>();
        long toldSince = 0;
        while (running) {
            try {
                if (batch.isEmpty()) {
                    long wait = told.isEmpty() ? 1_000 : Math.max(1, toldSince + SETTLE_AFTER_MS - System.currentTimeMillis());
                    Outcome first = outcomes.poll(wait, TimeUnit.MILLISECONDS);
                    if (first != null) {
                        batch.add(first);
                        // whatever else was recorded meanwhile goes in the same batch
                        outcomes.drainTo(batch, BATCH - 1);
                    }
                }
                if (!batch.isEmpty()) {
                    publish(batch);
                    if (told.isEmpty()) {
                        toldSince = System.currentTimeMillis();
                    }
                    told.addAll(batch);
                    batch.clear();
                }
                if (!told.isEmpty() && (told.size() >= BATCH || System.currentTimeMillis() >= toldSince + SETTLE_AFTER_MS)) {
                    settle(told);
                    told.clear();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                // kept and tried again: an outcome told twice keeps its event id
                Log.warnf("Delivery outcomes not published yet (will retry): %s", e.toString());
                try {
                    Thread.sleep(2_000);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
        // shutting down: what was recorded last is told now rather than by another replica's scan minutes later
        outcomes.drainTo(batch, BATCH - batch.size());
        try {
            if (!batch.isEmpty()) {
                publish(batch);
                told.addAll(batch);
            }
            if (!told.isEmpty()) {
                settle(told);
            }
        } catch (Exception e) {
            Log.warnf("%d delivery outcomes left to the retry scan: %s", batch.size() + told.size(), e.toString());
        }
    }

    private void publish(List<Outcome> batch) throws Exception {
        List<Future<RecordMetadata>> acks = new ArrayList<>(batch.size());
        for (Outcome outcome : batch) {
            Message message = outcome.message();
            // a digest is about many cases, not one petition: the outcome events (keyed by petition) skip it
            if (message.petitionId() != null && !message.attempts().isEmpty()) {
                acks.add(producer.send(toRecord(message)));
            }
        }
        producer.flush();
        for (Future<RecordMetadata> ack : acks) {
            ack.get(30, TimeUnit.SECONDS);
        }
    }

    /** Settles the retry pointers of what was told, in one write for everything told in the last moments. */
    private void settle(List<Outcome> told) {
        Map<String, Message> byPointer = new LinkedHashMap<>();
        for (Outcome outcome : told) {
            // the final outcome of a message settles its pointer, whatever else of it was told
            byPointer.merge(outcome.pointerId(), outcome.message(), (a, b) -> a.isFinal() ? a : b);
        }
        retries.markTold(byPointer);
        told.forEach(outcome -> queued.remove(outcome.key()));
    }

    private ProducerRecord<String, String> toRecord(Message message) throws JsonProcessingException {
        boolean delivered = message.status() == MessageStatus.DELIVERED;
        Attempt last = message.lastAttempt().orElse(null);
        int attempts = message.attempts().size();
        OffsetDateTime when = toTime(message.finishedAt() != null ? message.finishedAt() : last == null ? null : last.at());
        String petitionId = message.petitionId();
        DeliveryOutcomeEvent data = new DeliveryOutcomeEvent(UUID.fromString(message.id()), UUID.fromString(petitionId),
                UUID.fromString(message.eventId()), message.template(), message.channel(), message.recipientKind(),
                Math.max(1, attempts), delivered ? when : null, delivered ? null : when,
                delivered || last == null ? null : last.error(), delivered ? null : message.status() == MessageStatus.DEAD);
        ProducerRecord<String, String> record = new ProducerRecord<>(
                delivered ? DeliveryOutcomeEvent.DELIVERED_TOPIC : DeliveryOutcomeEvent.FAILED_TOPIC, petitionId,
                mapper.writeValueAsString(data));
        UUID eventId = UUID.nameUUIDFromBytes((message.id() + ":" + (delivered ? "DELIVERED" : "FAILED") + ":" + attempts)
                .getBytes(StandardCharsets.UTF_8));
        CloudEvent.write(record.headers(), eventId,
                delivered ? DeliveryOutcomeEvent.DELIVERED_TYPE : DeliveryOutcomeEvent.FAILED_TYPE, SOURCE,
                petitionId, when, null);
        return record;
    }

    private OffsetDateTime toTime(Instant instant) {
        return (instant == null ? clock.instant() : instant).atOffset(ZoneOffset.UTC);
    }
}

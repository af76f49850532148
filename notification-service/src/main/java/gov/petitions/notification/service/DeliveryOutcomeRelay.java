package gov.petitions.notification.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import gov.petitions.notification.messaging.DeliveryOutcomeEvent;
import gov.petitions.notification.repository.MessageRepository;
import gov.petitions.platform.events.CloudEvent;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.bson.Document;
import io.smallrye.common.annotation.Identifier;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The outbox of a MongoDB service: a message's outcome is recorded first (with a pointer in
 * pending_outcomes), and this relay tells it on Kafka afterwards, in batches, on its own thread.
 * The event id derives from the message and its outcome, so telling it twice after a crash is
 * harmless to idempotent consumers.
 */
@ApplicationScoped
public class DeliveryOutcomeRelay {

    private static final String SOURCE = "/notification-service";
    private static final int BATCH = 200;

    private final MessageRepository messages;
    private final ObjectMapper mapper;
    private final Map<String, Object> kafkaConfig;
    private final Semaphore signal = new Semaphore(0);
    private volatile boolean running;
    private KafkaProducer<String, String> producer;
    private Thread worker;

    public DeliveryOutcomeRelay(MessageRepository messages, ObjectMapper mapper,
                                @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig) {
        this.messages = messages;
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
        signal.release();
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

    /** Called right after an outcome was stored, so the event leaves within milliseconds. */
    public void wakeUp() {
        signal.release();
    }

    /** Outcomes whose pointer was lost to a crash between two writes are found here, slowly and rarely. */
    @Scheduled(every = "5m", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sweep() {
        messages.requeueForgottenOutcomes();
        wakeUp();
    }

    private void loop() {
        while (running) {
            try {
                int told = relayBatch();
                if (told < BATCH) {
                    signal.tryAcquire(1, TimeUnit.SECONDS);
                    signal.drainPermits();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                Log.warnf("Delivery outcomes not published yet (will retry): %s", e.toString());
                try {
                    Thread.sleep(2_000);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    int relayBatch() throws Exception {
        List<Document> pending = messages.unpublishedOutcomes(BATCH);
        List<Future<RecordMetadata>> acks = new ArrayList<>(pending.size());
        for (Document message : pending) {
            // a digest is about many cases, not one petition: the outcome events (keyed by petition) skip it
            if (message.getString("petitionId") != null
                    && !message.getList("attempts", Document.class, List.of()).isEmpty()) {
                acks.add(producer.send(toRecord(message)));
            }
        }
        producer.flush();
        for (Future<RecordMetadata> ack : acks) {
            ack.get(30, TimeUnit.SECONDS);
        }
        messages.markPublished(pending);
        return pending.size();
    }

    private ProducerRecord<String, String> toRecord(Document message) throws JsonProcessingException {
        boolean delivered = "DELIVERED".equals(message.getString("status"));
        List<Document> attempts = message.getList("attempts", Document.class, List.of());
        Document last = attempts.isEmpty() ? new Document() : attempts.get(attempts.size() - 1);
        OffsetDateTime when = toTime(message.getDate("finishedAt") != null ? message.getDate("finishedAt") : last.getDate("at"));
        String messageId = message.getString("_id");
        String petitionId = message.getString("petitionId");
        DeliveryOutcomeEvent data = new DeliveryOutcomeEvent(UUID.fromString(messageId), UUID.fromString(petitionId),
                UUID.fromString(message.getString("eventId")), message.getString("template"),
                message.getString("channel"), message.getString("recipientKind"), Math.max(1, attempts.size()),
                delivered ? when : null, delivered ? null : when, delivered ? null : last.getString("error"),
                delivered ? null : "DEAD".equals(message.getString("status")));
        ProducerRecord<String, String> record = new ProducerRecord<>(
                delivered ? DeliveryOutcomeEvent.DELIVERED_TOPIC : DeliveryOutcomeEvent.FAILED_TOPIC, petitionId,
                mapper.writeValueAsString(data));
        UUID eventId = UUID.nameUUIDFromBytes((messageId + ":" + (delivered ? "DELIVERED" : "FAILED") + ":" + attempts.size())
                .getBytes(StandardCharsets.UTF_8));
        CloudEvent.write(record.headers(), eventId,
                delivered ? DeliveryOutcomeEvent.DELIVERED_TYPE : DeliveryOutcomeEvent.FAILED_TYPE, SOURCE,
                petitionId, when, null);
        return record;
    }

    private static OffsetDateTime toTime(Date date) {
        return (date == null ? new Date() : date).toInstant().atOffset(ZoneOffset.UTC);
    }
}

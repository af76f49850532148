package gov.petitions.platform.outbox;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import gov.petitions.platform.events.CloudEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import io.smallrye.common.annotation.Identifier;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Publishes outbox rows to Kafka in the order they were written. One replica of a service relays at a time: each
 * batch first takes a transaction-scoped advisory lock, and a replica that does not get it stands by until its next
 * look. Two replicas sharing the rows would keep each row once but could reorder one petition's events (replica B's
 * rows 101–200 reaching the broker before replica A's 1–100), and consumers rely on a petition's events arriving in
 * the order they happened. A row is marked published only after the broker acknowledged it (acks=all, idempotent
 * producer).
 * If the service dies between the ack and the commit, the row is published again: consumers are
 * idempotent by event id, which is why at-least-once is enough here.
 */
@ApplicationScoped
public class OutboxRelay {

    private final OutboxConfig config;
    private final EntityManager entityManager;
    private final Map<String, Object> kafkaConfig;
    private final Clock clock;
    private final Semaphore signal = new Semaphore(0);
    private final AtomicLong backlog = new AtomicLong();
    private final AtomicReference<String> lastFailure = new AtomicReference<>();
    private volatile boolean running;
    private volatile OffsetDateTime lastSuccess;
    private KafkaProducer<String, String> producer;
    private Thread worker;

    public OutboxRelay(OutboxConfig config, EntityManager entityManager, MeterRegistry registry,
                       @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig, Clock clock) {
        this.config = config;
        this.clock = clock;
        this.entityManager = entityManager;
        // every kafka.* setting (bootstrap servers, SASL/TLS in Kubernetes) applies to this producer too
        this.kafkaConfig = kafkaConfig;
        registry.gauge("petitions.outbox.backlog", backlog);
    }

    void start(@Observes StartupEvent startup) {
        if (!config.relayEnabled()) {
            return;
        }
        running = true;
        worker = new Thread(this::relayLoop, "outbox-relay");
        worker.setDaemon(true);
        worker.start();
    }

    /** Made at the first batch, so that an instance whose worker is off (relay-enabled=false) opens no connection. */
    private synchronized KafkaProducer<String, String> producer() {
        if (producer != null) {
            return producer;
        }
        Map<String, Object> settings = new java.util.HashMap<>();
        kafkaConfig.forEach((key, value) -> settings.put(key, value));
        settings.putAll(Map.of(
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 2,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 15_000,
                ProducerConfig.CLIENT_ID_CONFIG, "outbox-relay" + config.source().replace('/', '-'),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName()));
        // a send waits at most this long for the broker's metadata (Kafka's default is 60 s, per record)
        settings.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        producer = new KafkaProducer<>(settings);
        return producer;
    }

    void stop(@Observes ShutdownEvent shutdown) {
        running = false;
        KafkaProducer<String, String> producer;
        signal.release();
        if (worker != null) {
            try {
                worker.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        synchronized (this) {
            producer = this.producer;
            this.producer = null;
        }
        if (producer != null) {
            producer.close(java.time.Duration.ofSeconds(5));
        }
    }

    /** Called after a transaction with outbox rows committed, so events leave within milliseconds. */
    public void wakeUp() {
        signal.release();
    }

    public long backlog() {
        return backlog.get();
    }

    public String lastFailure() {
        return lastFailure.get();
    }

    public OffsetDateTime lastSuccess() {
        return lastSuccess;
    }

    private void relayLoop() {
        while (running) {
            try {
                int published = relayBatch();
                if (published < config.batchSize()) {
                    signal.tryAcquire(config.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
                    signal.drainPermits();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                Log.warnf("Outbox relay could not publish, will retry in %s: %s", config.retryBackoff(), e.toString());
                try {
                    Thread.sleep(config.retryBackoff().toMillis());
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /**
     * Publishes the oldest unpublished rows this instance can lock and marks them published, in one transaction.
     * Throws when the broker does not acknowledge them all; then no row of the batch is marked (they are retried).
     */
    int relayBatch() {
        try {
            return publishBatch();
        } catch (RuntimeException e) {
            Throwable cause = e.getCause() instanceof ExecutionException ? e.getCause().getCause() : e;
            if (cause == null) {
                cause = e;
            }
            lastFailure.set(OffsetDateTime.now(clock) + " " + cause.getClass().getSimpleName() + ": " + cause.getMessage());
            throw e;
        }
    }

    private int publishBatch() {
        KafkaProducer<String, String> producer = producer();
        return QuarkusTransaction.requiringNew().timeout(60).call(() -> {
            boolean relaying = (Boolean) entityManager
                    .createNativeQuery("select pg_try_advisory_xact_lock(hashtextextended('petitions-outbox-relay', 0))")
                    .getSingleResult();
            if (!relaying) {
                return 0; // another replica is relaying; it holds the lock for one batch at a time
            }
            @SuppressWarnings("unchecked")
            List<OutboxEvent> batch = entityManager.createNativeQuery(
                            "select * from outbox_event where published_at is null order by position "
                                    + "limit :limit for update skip locked", OutboxEvent.class)
                    .setParameter("limit", config.batchSize())
                    .setHint(org.hibernate.jpa.HibernateHints.HINT_READ_ONLY, true)
                    .getResultList();
            if (batch.isEmpty()) {
                backlog.set(0);
                return 0;
            }
            List<Future<RecordMetadata>> acks = new ArrayList<>(batch.size());
            for (OutboxEvent event : batch) {
                ProducerRecord<String, String> record = new ProducerRecord<>(event.topic, event.recordKey, event.payload);
                CloudEvent.write(record.headers(), event.eventId, event.eventType, config.source(), event.subject,
                        event.occurredAt.atZoneSameInstant(clock.getZone()).toOffsetDateTime(), event.dataSchema);
                Future<RecordMetadata> ack = producer.send(record);
                if (ack.isDone()) {
                    // failed at once (no metadata: the broker is away): give up the batch now, not after every row
                    ack.get();
                }
                acks.add(ack);
            }
            producer.flush();
            List<Long> positions = new ArrayList<>(batch.size());
            for (int i = 0; i < batch.size(); i++) {
                acks.get(i).get(30, TimeUnit.SECONDS);
                positions.add(batch.get(i).position);
            }
            // one statement for the whole batch, not one dirty-checked update per row
            OffsetDateTime now = OffsetDateTime.now(clock);
            entityManager.createNativeQuery("update outbox_event set published_at = :now, attempts = attempts + 1 "
                            + "where position in (:positions)")
                    .setParameter("now", now)
                    .setParameter("positions", positions)
                    .executeUpdate();
            lastSuccess = now;
            backlog.set(batch.size() == config.batchSize() ? batch.size() : 0);
            return batch.size();
        });
    }

    /** Published rows are evidence for a while (what was told, when), then they go. */
    @Scheduled(every = "1h", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void purgePublished() {
        QuarkusTransaction.requiringNew().run(() -> {
            int purged = entityManager.createNativeQuery(
                            "delete from outbox_event where published_at < :cutoff")
                    .setParameter("cutoff", OffsetDateTime.now(clock).minus(config.retention()))
                    .executeUpdate();
            if (purged > 0) {
                Log.infof("Purged %d published outbox rows", purged);
            }
        });
    }
}

package gov.petitions.platform.relay;

import gov.petitions.platform.events.CloudEvent;
import gov.petitions.platform.tracing.EventSpans;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.health.HealthCheckResponse;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The one relay of the platform: publishes what a {@link RelayStore} holds to Kafka, in the order it was recorded,
 * and has the store mark it published only after the broker acknowledged the whole batch (acks=all, idempotent
 * producer). Every producer of events uses it: the services on PostgreSQL through platform-outbox's
 * {@code OutboxRelay}, notification-service for its delivery outcomes on MongoDB.
 *
 * <p>A worker thread relays batch after batch while there are events, then waits for {@link #wakeUp()} (called
 * after a commit that recorded events, so they leave within milliseconds, or after the linger if one is set) or at
 * most the poll interval (events another replica recorded). After a failure (broker away) it pauses for the retry backoff and tries the same
 * events again. If the service dies between the broker's ack and the store's mark, those events are published
 * again with the same ids: consumers are idempotent by event id, which is why at-least-once is enough.
 *
 * <p>Not a CDI bean: the module that owns the store makes one and starts and stops it with the application.
 */
public final class EventRelay {

    /** The longest wait for the broker's acks of one batch. */
    private static final Duration ACK_TIMEOUT = Duration.ofSeconds(30);

    private final RelaySettings settings;
    private final RelayStore store;
    private final Map<String, Object> kafkaConfig;
    private final Clock clock;
    private final Tracer tracer;
    private final Semaphore signal = new Semaphore(0);
    private final AtomicLong backlog = new AtomicLong();
    private final AtomicReference<String> lastFailure = new AtomicReference<>();
    private volatile boolean running;
    private volatile OffsetDateTime lastSuccess;
    private KafkaProducer<String, String> producer;
    private Thread worker;

    /**
     * @param kafkaConfig every {@code kafka.*} setting of the application (inject
     *                    {@code @Identifier("default-kafka-broker") Map<String, Object>}): bootstrap servers, SASL/TLS
     *                    in Kubernetes apply to this producer too
     * @param registry    where the backlog gauge {@code petitions.outbox.backlog} goes; may be null
     */
    public EventRelay(RelaySettings settings, RelayStore store, Map<String, Object> kafkaConfig, MeterRegistry registry,
                      Clock clock) {
        this(settings, store, kafkaConfig, registry, clock, null);
    }

    /**
     * @param tracer makes a producer span for each event recorded within a trace, a child of the recording
     *               transaction's span (docs/tracing.md); null: events carry on their recorded trace context without
     *               a span of the relay's
     */
    public EventRelay(RelaySettings settings, RelayStore store, Map<String, Object> kafkaConfig, MeterRegistry registry,
                      Clock clock, Tracer tracer) {
        this.tracer = tracer;
        this.settings = settings;
        this.store = store;
        this.kafkaConfig = kafkaConfig;
        this.clock = clock;
        if (registry != null) {
            registry.gauge("petitions.outbox.backlog", backlog);
        }
    }

    /** Starts the worker thread. */
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        worker = new Thread(this::relayLoop, settings.name());
        worker.setDaemon(true);
        worker.start();
    }

    /** Stops the worker (it finishes its batch) and closes the producer. Whatever waits stays in the store. */
    public void stop() {
        Thread stopping;
        synchronized (this) {
            running = false;
            stopping = worker;
            worker = null;
        }
        signal.release();
        if (stopping != null) {
            try {
                stopping.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        KafkaProducer<String, String> closing;
        synchronized (this) {
            closing = producer;
            producer = null;
        }
        if (closing != null) {
            closing.close(Duration.ofSeconds(5));
        }
    }

    /** Called after events were recorded (a transaction committed), so that they leave within milliseconds. */
    public void wakeUp() {
        signal.release();
    }

    public long backlog() {
        return backlog.get();
    }

    /** When and why the last batch failed (e.g. the broker is away), null if none has. */
    public String lastFailure() {
        return lastFailure.get();
    }

    /** When the last batch was published, null before the first. */
    public OffsetDateTime lastSuccess() {
        return lastSuccess;
    }

    /**
     * The relay's state for a readiness check. It stays UP while the broker is away (the service still works and
     * its events wait safely in the store); the last failure and the backlog show why events are late.
     */
    public HealthCheckResponse health(String checkName) {
        var builder = HealthCheckResponse.named(checkName).up().withData("backlog", backlog());
        OffsetDateTime success = lastSuccess;
        if (success != null) {
            builder.withData("lastPublished", success.toString());
        }
        String failure = lastFailure.get();
        if (failure != null) {
            builder.withData("lastFailure", failure);
        }
        return builder.build();
    }

    private void relayLoop() {
        while (running) {
            try {
                int published = relayBatch();
                if (published < settings.batchSize()) {
                    boolean woken = signal.tryAcquire(settings.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
                    if (woken && running && !settings.linger().isZero()) {
                        Thread.sleep(settings.linger().toMillis()); // let what is recorded meanwhile join the batch
                    }
                    signal.drainPermits();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                Log.warnf("%s could not publish, will retry in %s: %s", settings.name(), settings.retryBackoff(),
                        cause(e).toString());
                try {
                    Thread.sleep(settings.retryBackoff().toMillis());
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /**
     * Publishes one batch of the oldest waiting events, if the store lets this relay have them now.
     *
     * @return how many were published (0: nothing waits, or another replica relays right now)
     * @throws RuntimeException when the broker did not acknowledge them all: then none of them is marked
     */
    public int relayBatch() {
        try {
            int published = store.relayBatch(settings.batchSize(), this::publish);
            if (published > 0) {
                lastSuccess = OffsetDateTime.now(clock);
            }
            backlog.set(published == settings.batchSize() ? Math.max(published, pendingOrZero()) : 0);
            return published;
        } catch (RuntimeException e) {
            Throwable cause = cause(e);
            lastFailure.set(OffsetDateTime.now(clock) + " " + cause.getClass().getSimpleName() + ": " + cause.getMessage());
            backlog.set(pendingOrZero());
            throw e;
        }
    }

    private long pendingOrZero() {
        try {
            return store.pending();
        } catch (RuntimeException e) {
            return backlog.get(); // the store is away as well: keep the last known value
        }
    }

    /** Sends the batch in order and returns once the broker acknowledged every record of it. */
    private void publish(List<PendingEvent> batch) {
        if (batch.isEmpty()) {
            return;
        }
        KafkaProducer<String, String> producer = producer();
        List<Future<RecordMetadata>> acks = new ArrayList<>(batch.size());
        // the producer spans of the batch's traced events: each a child of the span that recorded its event (the
        // request, or the consumer span of the event that caused it), not of this poll, so that the trace follows
        // the petition; they end when the broker has acknowledged the batch, or failed to
        List<Span> spans = new ArrayList<>();
        Throwable failure = null;
        try {
            for (PendingEvent event : batch) {
                ProducerRecord<String, String> record = new ProducerRecord<>(event.topic(), event.key(), event.payload());
                CloudEvent.write(record.headers(), event.id(), event.type(), settings.source(), event.subject(),
                        event.time().atZoneSameInstant(clock.getZone()).toOffsetDateTime(), event.dataSchema());
                Span span = EventSpans.publishing(tracer, event.trace(), event.topic(), event.key(),
                        event.id().toString(), event.type());
                if (span != null) {
                    spans.add(span);
                }
                CloudEvent.writeTrace(record.headers(), EventSpans.sent(event.trace(), span));
                Future<RecordMetadata> ack = producer.send(record);
                if (ack.isDone()) {
                    // failed at once (no metadata: the broker is away): give up the batch now, not after every record
                    ack.get();
                }
                acks.add(ack);
            }
            producer.flush();
            long deadline = System.nanoTime() + ACK_TIMEOUT.toNanos();
            for (Future<RecordMetadata> ack : acks) {
                ack.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failure = e;
            throw new RelayFailure("interrupted while waiting for the broker", e);
        } catch (ExecutionException e) {
            failure = e.getCause() != null ? e.getCause() : e;
            throw new RelayFailure("the broker did not acknowledge the batch", e.getCause());
        } catch (TimeoutException e) {
            failure = e;
            throw new RelayFailure("the broker did not acknowledge the batch within " + ACK_TIMEOUT, e);
        } catch (RuntimeException | Error e) {
            failure = e;
            throw e;
        } finally {
            for (Span span : spans) {
                if (failure != null) {
                    span.recordException(failure);
                    span.setStatus(StatusCode.ERROR, "the batch was not acknowledged; it is published again");
                }
                span.end();
            }
        }
    }

    /** Made at the first batch, so that an instance whose worker is off opens no connection. */
    private synchronized KafkaProducer<String, String> producer() {
        if (producer != null) {
            return producer;
        }
        Map<String, Object> producerSettings = new HashMap<>(kafkaConfig);
        producerSettings.putAll(Map.of(
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 2,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 15_000,
                ProducerConfig.CLIENT_ID_CONFIG, settings.name(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName()));
        // a send waits at most this long for the broker's metadata (Kafka's default is 60 s, per record)
        producerSettings.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        producer = new KafkaProducer<>(producerSettings);
        return producer;
    }

    /** The failure worth reporting: what the broker or the store said, not the wrappers around it. */
    private static Throwable cause(Throwable e) {
        Throwable cause = e;
        while ((cause instanceof RelayFailure || cause instanceof ExecutionException
                || cause.getClass().getName().startsWith("io.quarkus.narayana")) && cause.getCause() != null
                && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause;
    }

    /** A batch the broker did not acknowledge in full; none of it was marked published. */
    public static final class RelayFailure extends RuntimeException {
        RelayFailure(String message, Throwable cause) {
            super(message, cause);
        }
    }
}

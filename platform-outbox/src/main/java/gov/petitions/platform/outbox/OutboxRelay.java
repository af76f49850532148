package gov.petitions.platform.outbox;

import gov.petitions.platform.relay.EventRelay;
import gov.petitions.platform.relay.RelaySettings;
import gov.petitions.platform.tracing.EventSpans;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.Map;

/**
 * Publishes a PostgreSQL service's outbox rows to Kafka in the order they were written: platform-support's
 * {@link EventRelay} over {@link OutboxStore} (one replica relays at a time, rows marked only after the broker's
 * acks), started with the application unless {@code petitions.outbox.relay-enabled=false}.
 */
@ApplicationScoped
public class OutboxRelay {

    private final OutboxConfig config;
    private final OutboxStore store;
    private final EventRelay relay;
    private final Clock clock;

    public OutboxRelay(OutboxConfig config, EntityManager entityManager, MeterRegistry registry,
                       @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig, Clock clock,
                       EventSpans spans) {
        this.config = config;
        this.clock = clock;
        this.store = new OutboxStore(entityManager, clock);
        this.relay = new EventRelay(new RelaySettings("outbox-relay" + config.source().replace('/', '-'),
                config.source(), config.pollInterval(), config.batchSize(), config.retryBackoff(), config.linger()),
                store, kafkaConfig, registry, clock, spans == null ? null : spans.tracer());
    }

    void start(@Observes StartupEvent startup) {
        if (config.relayEnabled()) {
            relay.start();
        }
    }

    void stop(@Observes ShutdownEvent shutdown) {
        relay.stop();
    }

    /** Called after a transaction with outbox rows committed, so events leave within milliseconds. */
    public void wakeUp() {
        relay.wakeUp();
    }

    /**
     * Publishes the oldest unpublished rows (if no other replica is relaying right now) and marks them published.
     * Throws when the broker does not acknowledge them all; then no row of the batch is marked (they are retried).
     */
    public int relayBatch() {
        return relay.relayBatch();
    }

    public long backlog() {
        return relay.backlog();
    }

    public String lastFailure() {
        return relay.lastFailure();
    }

    public OffsetDateTime lastSuccess() {
        return relay.lastSuccess();
    }

    EventRelay relay() {
        return relay;
    }

    /** Published rows are evidence for a while (what was told, when), then they go. */
    @Scheduled(every = "1h", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void purgePublished() {
        int purged = store.purgePublishedBefore(OffsetDateTime.now(clock).minus(config.retention()));
        if (purged > 0) {
            Log.infof("Purged %d published outbox rows", purged);
        }
    }
}

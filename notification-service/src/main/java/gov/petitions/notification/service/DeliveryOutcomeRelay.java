package gov.petitions.notification.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoClient;
import gov.petitions.notification.domain.MessageStatus;
import gov.petitions.notification.events.DeliveryOutcomeEvent;
import gov.petitions.notification.repository.Attempt;
import gov.petitions.notification.repository.Message;
import gov.petitions.notification.repository.OutcomeOutbox;
import gov.petitions.notification.repository.RetryQueue;
import gov.petitions.notification.repository.ToldOutcome;
import gov.petitions.platform.events.TraceContext;
import gov.petitions.platform.relay.EventRelay;
import gov.petitions.platform.relay.PendingEvent;
import gov.petitions.platform.relay.RelaySettings;
import gov.petitions.platform.tracing.EventSpans;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheckResponse;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Tells each recorded delivery outcome on Kafka ({@code notification.delivered}, {@code notification.failed}), once,
 * in the order outcomes were recorded: the worker that recorded an outcome on its message offers it to the outbox in
 * MongoDB ({@link OutcomeOutbox}), and platform-support's {@link EventRelay} (the relay every producer of the
 * platform uses) puts it in and publishes it from there. The message's retry pointer stays until the outcome is
 * told, so that if this process dies before the outcome is in the outbox, the retry scan of any replica finds it and
 * offers it again.
 * The event id derives from the message and its outcome: the same outcome is never in the outbox twice, and telling
 * it again after a crash is harmless to idempotent consumers.
 *
 * <p>An outcome is told in the trace of the attempt that recorded it (docs/tracing.md): the outbox keeps the attempt
 * span's context and the relay publishes it with a producer span that is a child of it, so that whoever consumes
 * {@code notification.delivered} / {@code failed} continues the petition's trace.
 */
@ApplicationScoped
public class DeliveryOutcomeRelay {

    static final String SOURCE = "/notification-service";
    static final String OUTBOX = "outcome_outbox";
    /** A wake-up waits 100 ms for more outcomes: a batch costs the same few MongoDB round trips for 1 or 200. */
    private static final RelaySettings SETTINGS = new RelaySettings("outcome-relay", SOURCE, Duration.ofMillis(500),
            200, Duration.ofSeconds(2), Duration.ofMillis(100));
    /** Much longer than a batch can take; a replica that dies holding it delays outcomes by at most this much. */
    static final Duration LEASE = Duration.ofSeconds(90);

    private final OutcomeOutbox outbox;
    private final RetryQueue retries;
    private final EventRelay relay;
    private final ObjectMapper mapper;
    private final Clock clock;

    public DeliveryOutcomeRelay(MongoClient mongo, @ConfigProperty(name = "quarkus.mongodb.database") String database,
                                RetryQueue retries, ObjectMapper mapper,
                                @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig,
                                MeterRegistry registry, Clock clock, EventSpans spans) {
        this.retries = retries;
        this.mapper = mapper;
        this.clock = clock;
        // the machine's clock, not the injected one: leases and positions are time between replicas (see OutcomeOutbox)
        this.outbox = new OutcomeOutbox(mongo.getDatabase(database), OUTBOX, retries, Clock.systemUTC(), LEASE);
        this.relay = new EventRelay(SETTINGS, outbox, kafkaConfig, registry, clock, spans.tracer());
    }

    void start(@Observes StartupEvent startup) {
        relay.start();
    }

    void stop(@Observes ShutdownEvent shutdown) {
        relay.stop();
        try {
            outbox.flush(); // what was recorded last waits in the outbox for whichever replica relays next
        } catch (RuntimeException e) {
            Log.warnf("Outcomes left to the retry scan: %s", e.toString());
        }
        outbox.releaseLease();
    }

    /**
     * Called right after an outcome was recorded (with the message as recorded), or by the retry scan for one whose
     * worker died before putting it in the outbox; the relay is woken, so the event leaves within milliseconds.
     */
    public void offer(Message recorded, String pointerId) {
        offer(recorded, pointerId, recorded.trace());
    }

    /**
     * As {@link #offer(Message, String)}, told in {@code trace}: the span of the attempt that recorded the outcome
     * (the message's own trace context when the retry scan offers it again; null: outside any trace).
     */
    public void offer(Message recorded, String pointerId, TraceContext trace) {
        ToldOutcome told = ToldOutcome.of(recorded, pointerId);
        Optional<PendingEvent> event = toEvent(recorded, trace);
        if (event.isEmpty()) {
            retries.markTold(List.of(told)); // nothing to tell: settled at once
            return;
        }
        outbox.offer(event.get(), told);
        relay.wakeUp();
    }

    /** The relay's state: UP while the broker is away (outcomes wait in the outbox), with the backlog and why. */
    HealthCheckResponse health() {
        return relay.health("outcome-relay");
    }

    /**
     * A digest is about many cases, not one petition: the outcome events (keyed by petition) skip it. A message cancelled
     * with its archived case (ArchivedCases) was neither delivered nor failed: nothing to tell.
     */
    private Optional<PendingEvent> toEvent(Message message, TraceContext trace) {
        if (message.petitionId() == null || message.attempts().isEmpty() || message.status() == MessageStatus.CANCELLED) {
            return Optional.empty();
        }
        boolean delivered = message.status() == MessageStatus.DELIVERED;
        Attempt last = message.lastAttempt().orElse(null);
        int attempts = message.attempts().size();
        OffsetDateTime when = toTime(message.finishedAt() != null ? message.finishedAt() : last == null ? null : last.at());
        String petitionId = message.petitionId();
        DeliveryOutcomeEvent data = new DeliveryOutcomeEvent(UUID.fromString(message.id()), UUID.fromString(petitionId),
                UUID.fromString(message.eventId()), message.template(), message.channel(), message.recipientKind(),
                Math.max(1, attempts), delivered ? when : null, delivered ? null : when,
                delivered || last == null ? null : last.error(), delivered ? null : message.status() == MessageStatus.DEAD);
        UUID eventId = UUID.nameUUIDFromBytes((message.id() + ":" + (delivered ? "DELIVERED" : "FAILED") + ":" + attempts)
                .getBytes(StandardCharsets.UTF_8));
        try {
            return Optional.of(new PendingEvent(eventId,
                    delivered ? DeliveryOutcomeEvent.DELIVERED_TOPIC : DeliveryOutcomeEvent.FAILED_TOPIC, petitionId,
                    delivered ? DeliveryOutcomeEvent.DELIVERED_TYPE : DeliveryOutcomeEvent.FAILED_TYPE, petitionId, when,
                    null, mapper.writeValueAsString(data), trace));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("outcome event cannot be serialized", e);
        }
    }

    private OffsetDateTime toTime(Instant instant) {
        return (instant == null ? clock.instant() : instant).atOffset(ZoneOffset.UTC);
    }
}

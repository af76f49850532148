package gov.petitions.notification.service;

import gov.petitions.notification.config.NotificationConfig;
import gov.petitions.notification.domain.Channel;
import gov.petitions.notification.domain.MessageStatus;
import gov.petitions.notification.repository.Attempt;
import gov.petitions.notification.repository.Deliveries;
import gov.petitions.notification.repository.Message;
import gov.petitions.notification.repository.RetryPointer;
import gov.petitions.notification.repository.RetryQueue;
import gov.petitions.platform.events.TraceContext;
import gov.petitions.platform.tracing.EventSpans;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;

import java.util.ArrayList;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Optional;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sends stored messages, each channel on its own small pool with a bounded queue: a gateway that hangs
 * ties up at most its own channel's threads (each send ends at the channel's timeout), never email, the
 * other channels or the Kafka consumers, which only store messages and hand them over here.
 *
 * <p>A message is sent by whoever holds its claim, a lease longer than any channel timeout: the worker that
 * stored it (it is stored claimed), or whoever takes it later through the retry queue. Whatever is not sent now
 * (a full queue, a crash) is found again by the retry scan once its lease runs out.
 *
 * <p>Each attempt runs in a span of its own, a child of the trace context the message was stored with (the consumer
 * span of the event that caused it, docs/tracing.md), whichever thread makes it and however much later: the first
 * attempt, one the retry scan makes after a failure, an operator's resend. Its attributes say which channel, which
 * attempt and how it ended, never to whom (no phone number, address or text).
 */
@ApplicationScoped
public class DeliveryDispatcher {

    private final Deliveries deliveries;
    private final RetryQueue retries;
    private final DeliveryOutcomeRelay relay;
    private final NotificationConfig config;
    private final Map<Channel, DeliveryChannel> channels = new EnumMap<>(Channel.class);
    private final Map<Channel, ThreadPoolExecutor> pools = new ConcurrentHashMap<>();
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
    private final java.time.Clock clock;
    private final Tracer tracer;

    static final AttributeKey<String> CHANNEL = AttributeKey.stringKey("notification.channel");
    static final AttributeKey<Long> ATTEMPT = AttributeKey.longKey("notification.attempt");
    /** DELIVERED, FAILED (retried later), DEAD, or NOT_RECORDED (the claim had passed to another worker). */
    static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("notification.outcome");
    static final AttributeKey<String> MESSAGE_ID = AttributeKey.stringKey("notification.message.id");
    static final AttributeKey<String> TEMPLATE = AttributeKey.stringKey("notification.template");
    static final AttributeKey<String> RECIPIENT_KIND = AttributeKey.stringKey("notification.recipient.kind");

    public DeliveryDispatcher(Deliveries deliveries, RetryQueue retries, DeliveryOutcomeRelay relay,
                              NotificationConfig config, Instance<DeliveryChannel> channels, java.time.Clock clock,
                              EventSpans spans) {
        this.clock = clock;
        this.tracer = spans.tracer();
        this.deliveries = deliveries;
        this.retries = retries;
        this.relay = relay;
        this.config = config;
        for (DeliveryChannel channel : channels) {
            this.channels.put(channel.channel(), channel);
        }
    }

    void stop(@Observes ShutdownEvent shutdown) {
        pools.values().forEach(ThreadPoolExecutor::shutdownNow);
    }

    /** Takes a stored message that nobody holds (a redelivered event found it unsent) and sends it. */
    public void dispatch(Message message) {
        Instant now = clock.instant();
        if (message.busyUntil(now).isPresent()) {
            return; // a worker (or replica) holds it, or its next attempt is not due yet
        }
        deliveries.claim(message, lease(now)).ifPresent(this::submit);
    }

    /**
     * Failed messages whose backoff has run out, stored messages whose worker died (its lease ran out), and
     * outcomes not yet told: all found through the small retry queue, with one read of their messages per pass.
     */
    @Scheduled(every = "${notification.retry-scan:5s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scan() {
        Instant now = clock.instant();
        List<RetryPointer> pointers = retries.due(now, 500);
        if (pointers.isEmpty()) {
            return;
        }
        Map<String, Message> byId = new HashMap<>();
        for (Message message : retries.messages(pointers.stream().map(RetryPointer::messageId)
                .filter(id -> !inFlight.contains(id)).distinct().toList())) {
            byId.put(message.id(), message);
        }
        List<String> gone = new ArrayList<>();
        Map<String, Instant> later = new HashMap<>();
        List<Message> taken = new ArrayList<>();
        for (RetryPointer pointer : pointers) {
            if (inFlight.contains(pointer.messageId())) {
                continue;
            }
            Message message = byId.get(pointer.messageId());
            if (message == null || pointer.isStaleFor(message)) {
                gone.add(pointer.id());
                continue;
            }
            if (pointer.outcomeUntold(message)) {
                relay.offer(message, pointer.id()); // the worker that recorded it died before telling it
            }
            if (message.isFinal()) {
                // its pointer goes once the outcome is told; should that fail, look again in a while
                later.put(pointer.id(), now.plusSeconds(60));
                continue;
            }
            Optional<Instant> busy = message.busyUntil(now);
            if (busy.isPresent()) {
                later.put(pointer.id(), busy.get());
                continue;
            }
            deliveries.claim(message, lease(now)).ifPresent(claimed -> {
                later.put(pointer.id(), claimed.leaseUntil());
                taken.add(claimed);
            });
        }
        retries.remove(gone);
        retries.reschedule(later);
        // after rescheduling: a channel that turns one away moves its pointer to the end of the backoff instead
        taken.forEach(this::submit);
    }

    /**
     * Sends a message this worker has claimed (stored claimed, reopened or taken by the scan) as soon as its channel
     * has a free thread, from the message in hand: the delivery thread reads nothing before sending.
     */
    public void submit(Message claimed) {
        try {
            pool(claimed.channel()).execute(() -> deliver(claimed));
        } catch (RejectedExecutionException e) {
            // the channel is saturated: give the claim back, the scan offers the message again shortly
            deliveries.release(claimed.claim(), claimed, clock.instant().plus(config.retryBackoff()));
        }
    }

    private ThreadPoolExecutor pool(Channel channel) {
        return pools.computeIfAbsent(channel, key -> {
            NotificationConfig.Dispatch limits = config.dispatch().get(key.name());
            int threads = limits == null ? 4 : limits.concurrency();
            int queue = limits == null ? 200 : limits.queue();
            AtomicInteger count = new AtomicInteger();
            return new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(queue), task -> {
                Thread thread = new Thread(task, "deliver-" + key.name().toLowerCase() + "-" + count.incrementAndGet());
                thread.setDaemon(true);
                return thread;
            });
        });
    }

    void deliver(Message message) {
        String messageId = message.id();
        if (!inFlight.add(messageId)) {
            return;
        }
        try {
            String claim = message.claim();
            long lease = config.claimLease().toMillis();
            if (message.leaseUntil() == null || message.leaseUntil().toEpochMilli() - clock.millis() < lease - lease / 4) {
                // it waited in the channel's queue: the claim may have run out and gone to another worker, and the
                // send needs a lease of its own, so renew it (atomically) or leave the message to its new holder
                Optional<String> renewed = deliveries.renewClaim(claim, lease(clock.instant()));
                if (renewed.isEmpty()) {
                    return;
                }
                claim = renewed.get();
            }
            attempt(message, claim);
        } catch (RuntimeException e) {
            // the database failed us: the claim runs out and the scan tries again
            Log.warnf("Message %s not attempted (will retry): %s", messageId, e.getClass().getSimpleName());
        } finally {
            inFlight.remove(messageId);
        }
    }

    /** One attempt in its span (none when the message was stored outside any trace). */
    private void attempt(Message message, String claim) {
        int attempts = message.attempts().size() + 1;
        Span span = attemptSpan(message, attempts);
        try (Scope ignored = span.getSpanContext().isValid() ? span.makeCurrent() : Scope.noop()) {
            attempt(message, claim, attempts, span);
        } catch (RuntimeException | Error e) {
            // the database failed us: the class only, a driver's message may quote the document
            span.setAttribute(OUTCOME, "NOT_RECORDED");
            span.setStatus(StatusCode.ERROR, e.getClass().getSimpleName());
            throw e;
        } finally {
            span.end();
        }
    }

    private Span attemptSpan(Message message, int attempts) {
        TraceContext trace = message.trace();
        if (trace == null) {
            return Span.getInvalid();
        }
        Span span = tracer.spanBuilder("deliver " + message.channel().name().toLowerCase())
                .setSpanKind(SpanKind.INTERNAL)
                .setParent(trace.context())
                .setAttribute(CHANNEL, message.channel().name())
                .setAttribute(ATTEMPT, (long) attempts)
                .setAttribute(MESSAGE_ID, message.id())
                .startSpan();
        if (span.isRecording()) {
            if (message.template() != null) {
                span.setAttribute(TEMPLATE, message.template());
            }
            if (message.recipientKind() != null) {
                span.setAttribute(RECIPIENT_KIND, message.recipientKind().name());
            }
        }
        return span;
    }

    private void attempt(Message message, String claim, int attempts, Span span) {
        String id = message.id();
        DeliveryChannel channel = channels.get(message.channel());
        Instant started = clock.instant();
        Optional<Message> recorded;
        try {
            if (channel == null) {
                throw new DeliveryChannel.ChannelFailure("channel " + message.channel() + " is not available");
            }
            String destination = channel.send(DeliveryChannel.Outgoing.of(message));
            span.setAttribute(OUTCOME, MessageStatus.DELIVERED.name());
            recorded = deliveries.recordFinal(claim, MessageStatus.DELIVERED,
                    Attempt.delivered(started, destination, clock.millis() - started.toEpochMilli()), attempts,
                    clock.instant());
        } catch (RuntimeException e) {
            // only a channel's own failure text is known to carry no personal data
            String error = e instanceof DeliveryChannel.ChannelFailure ? e.getMessage() : e.getClass().getSimpleName();
            error = error == null ? "error" : error.length() > 500 ? error.substring(0, 500) : error;
            Attempt attempt = Attempt.failed(started, error, clock.millis() - started.toEpochMilli());
            // the same text as stored with the attempt: safe, as said above
            span.setStatus(StatusCode.ERROR, error);
            int round = attempts - message.resendBase();
            if (round >= config.maxAttempts() || e instanceof DeliveryChannel.PermanentFailure) {
                Log.warnf("Message %s attempt %d failed, the message is now dead: %s", id, attempts, error);
                span.setAttribute(OUTCOME, MessageStatus.DEAD.name());
                recorded = deliveries.recordFinal(claim, MessageStatus.DEAD, attempt, attempts, clock.instant());
            } else {
                long delay = backoff(round);
                Log.warnf("Message %s attempt %d failed, retry in %d ms: %s", id, attempts, delay, error);
                span.setAttribute(OUTCOME, MessageStatus.FAILED.name());
                recorded = deliveries.recordFailure(claim, attempt, attempts, clock.instant().plusMillis(delay));
            }
        }
        if (recorded.isEmpty()) {
            // the lease ran out during the send and another worker holds the message: its record stands
            Log.warnf("Message %s attempt %d not recorded: the claim had passed to another worker", id, attempts);
            span.setAttribute(OUTCOME, "NOT_RECORDED");
            return;
        }
        // told in this attempt's trace: the outcome event's producer span is a child of this span
        relay.offer(recorded.get(), recorded.get().pointerId(),
                message.trace() == null ? null : TraceContext.current());
    }

    /** Exponential (base × 2^(n-1)), capped, plus up to 50% jitter so that a recovered gateway is not stampeded. */
    long backoff(int failedAttempts) {
        long base = config.retryBackoff().toMillis();
        long delay = Math.min(config.retryBackoffMax().toMillis(), base << Math.min(failedAttempts - 1, 20));
        return delay + ThreadLocalRandom.current().nextLong(delay / 2 + 1);
    }

    /** The end of a claim taken now. */
    public Instant lease(Instant now) {
        return now.plus(config.claimLease());
    }
}

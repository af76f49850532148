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
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Sends stored messages, each channel on its own small pool with a bounded queue: a gateway that hangs
 * ties up at most its own channel's threads (each send ends at the channel's timeout), never email, the
 * other channels or the Kafka consumers, which only store messages and hand them over here.
 *
 * <p>A channel's thread takes one message at a time from its queue and records the final outcomes of what it sent
 * together, one bulk update for all of them ({@link Deliveries#recordFinals}), once nothing more waits in the queue,
 * {@value #RUN} are unrecorded, or the oldest is {@value #RECORD_AFTER_MS} ms old: under load a poll's messages cost a
 * few round trips instead of one each, no thread ever waits for another's write, and every thread of a slow channel
 * stays busy. A failed attempt with more to come is recorded at once, by itself.
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
    private final Map<Channel, Workers> workers = new ConcurrentHashMap<>();
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
    private final java.time.Clock clock;
    private final Tracer tracer;

    /** At most this many final outcomes recorded together. */
    static final int RUN = 64;
    /** Unrecorded final outcomes are recorded once the oldest is this old, even while more messages wait. */
    static final long RECORD_AFTER_MS = 250;

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
        workers.values().forEach(Workers::stop);
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
        if (!workers(claimed.channel()).queue.offer(claimed)) {
            // the channel is saturated: give the claim back, the scan offers the message again shortly
            deliveries.release(claimed.claim(), claimed, clock.instant().plus(config.retryBackoff()));
        }
    }

    private Workers workers(Channel channel) {
        return workers.computeIfAbsent(channel, key -> {
            NotificationConfig.Dispatch limits = config.dispatch().get(key.name());
            return new Workers(key, limits == null ? 4 : limits.concurrency(), limits == null ? 200 : limits.queue());
        });
    }

    /** A channel's threads and its bounded queue of claimed messages. */
    private final class Workers {
        final BlockingQueue<Message> queue;
        final List<Thread> threads = new ArrayList<>();

        Workers(Channel channel, int threads, int queue) {
            this.queue = new ArrayBlockingQueue<>(queue);
            for (int i = 1; i <= threads; i++) {
                Thread thread = new Thread(this::work, "deliver-" + channel.name().toLowerCase() + "-" + i);
                thread.setDaemon(true);
                this.threads.add(thread);
                thread.start();
            }
        }

        /**
         * Takes one message at a time (so that every thread of a slow channel stays busy) and records the final
         * outcomes it has sent together: as soon as nothing more waits in the queue, or {@value #RUN} are unrecorded,
         * or the oldest of them is {@value #RECORD_AFTER_MS} ms old.
         */
        void work() {
            List<Sent> unrecorded = new ArrayList<>();
            long oldest = 0;
            while (!Thread.currentThread().isInterrupted()) {
                Message next;
                try {
                    next = unrecorded.isEmpty() ? queue.take() : queue.poll();
                } catch (InterruptedException e) {
                    break;
                }
                if (next == null) {
                    record(unrecorded); // nothing more waits: what was sent is recorded now
                    unrecorded.clear();
                    continue;
                }
                Optional<Sent> sent = Optional.empty();
                try {
                    sent = deliver(next);
                } catch (RuntimeException | Error e) {
                    // its claim runs out and the retry scan takes it; the thread goes on with the next
                    Log.errorf("Delivery worker: %s", e.getClass().getSimpleName());
                }
                if (sent.isPresent()) {
                    if (unrecorded.isEmpty()) {
                        oldest = System.nanoTime();
                    }
                    unrecorded.add(sent.get());
                }
                if (unrecorded.size() >= RUN
                        || !unrecorded.isEmpty() && System.nanoTime() - oldest >= RECORD_AFTER_MS * 1_000_000) {
                    record(unrecorded);
                    unrecorded.clear();
                }
            }
            record(unrecorded);
        }

        void stop() {
            threads.forEach(Thread::interrupt);
        }
    }

    /** Sends one message; its final outcome, if it has one, is left to record with others. */
    private Optional<Sent> deliver(Message message) {
        String messageId = message.id();
        if (!inFlight.add(messageId)) {
            return Optional.empty();
        }
        Optional<Sent> sent = Optional.empty();
        try {
            String claim = message.claim();
            long lease = config.claimLease().toMillis();
            if (message.leaseUntil() == null || message.leaseUntil().toEpochMilli() - clock.millis() < lease - lease / 4) {
                // it waited in the channel's queue: the claim may have run out and gone to another worker, and the
                // send needs a lease of its own, so renew it (atomically) or leave the message to its new holder
                Optional<String> renewed = deliveries.renewClaim(claim, lease(clock.instant()));
                if (renewed.isEmpty()) {
                    return sent;
                }
                claim = renewed.get();
            }
            sent = attempt(message, claim);
            return sent;
        } catch (RuntimeException e) {
            // the database failed us: the claim runs out and the scan tries again
            Log.warnf("Message %s not attempted (will retry): %s", messageId, e.getClass().getSimpleName());
            return sent;
        } finally {
            if (sent.isEmpty()) {
                inFlight.remove(messageId);
            }
        }
    }

    /**
     * A message sent (or dead) whose final outcome waits to be recorded with others: its attempt span stays open
     * until then (it says whether the outcome was recorded), and the message stays in flight, so that the retry scan
     * of this replica leaves it alone.
     */
    record Sent(Deliveries.FinalOutcome outcome, Span span, TraceContext trace) {
    }

    /** Records final outcomes in one write, then tells each (or says in its span why not). */
    private void record(List<Sent> sent) {
        if (sent.isEmpty()) {
            return;
        }
        try {
            List<Optional<Message>> recorded = deliveries.recordFinals(sent.stream().map(Sent::outcome).toList());
            for (int i = 0; i < sent.size(); i++) {
                Sent one = sent.get(i);
                Optional<Message> message = recorded.get(i);
                if (message.isEmpty()) {
                    notRecorded(one.span(), one.outcome().message().id(), one.outcome().attempts());
                    continue;
                }
                try {
                    // told in the attempt's trace: the outcome event's producer span is a child of its span
                    relay.offer(message.get(), message.get().pointerId(), one.trace());
                } catch (RuntimeException e) {
                    // recorded, not told: its retry pointer stays, and the retry scan offers it again
                    Log.warnf("Outcome of message %s not told yet: %s", message.get().id(), e.getClass().getSimpleName());
                }
            }
        } catch (RuntimeException e) {
            // the database failed us: the claims run out, and the retry scan sends these messages again
            Log.warnf("%d outcomes not recorded (will retry): %s", sent.size(), e.getClass().getSimpleName());
            for (Sent one : sent) {
                one.span().setAttribute(OUTCOME, "NOT_RECORDED");
                one.span().setStatus(StatusCode.ERROR, e.getClass().getSimpleName());
            }
        } finally {
            for (Sent one : sent) {
                one.span().end();
                inFlight.remove(one.outcome().message().id());
            }
        }
    }

    private static void notRecorded(Span span, String messageId, int attempts) {
        // the lease ran out during the send and another worker holds the message: its record stands
        Log.warnf("Message %s attempt %d not recorded: the claim had passed to another worker", messageId, attempts);
        span.setAttribute(OUTCOME, "NOT_RECORDED");
    }

    /** One attempt in its span (none when the message was stored outside any trace). */
    private Optional<Sent> attempt(Message message, String claim) {
        int attempts = message.attempts().size() + 1;
        Span span = attemptSpan(message, attempts);
        boolean endsHere = true;
        try (Scope ignored = span.getSpanContext().isValid() ? span.makeCurrent() : Scope.noop()) {
            Optional<Deliveries.FinalOutcome> outcome = attempt(message, claim, attempts, span);
            if (outcome.isEmpty()) {
                return Optional.empty();
            }
            endsHere = false;
            return Optional.of(new Sent(outcome.get(), span, message.trace() == null ? null : TraceContext.current()));
        } catch (RuntimeException | Error e) {
            // the database failed us: the class only, a driver's message may quote the document
            span.setAttribute(OUTCOME, "NOT_RECORDED");
            span.setStatus(StatusCode.ERROR, e.getClass().getSimpleName());
            throw e;
        } finally {
            if (endsHere) {
                span.end();
            }
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

    /**
     * Sends. A failure with more attempts to come is recorded (and told) here; a final outcome is returned, to be
     * recorded with others.
     */
    private Optional<Deliveries.FinalOutcome> attempt(Message message, String claim, int attempts, Span span) {
        String id = message.id();
        DeliveryChannel channel = channels.get(message.channel());
        Instant started = clock.instant();
        try {
            if (channel == null) {
                throw new DeliveryChannel.ChannelFailure("channel " + message.channel() + " is not available");
            }
            String destination = channel.send(DeliveryChannel.Outgoing.of(message));
            span.setAttribute(OUTCOME, MessageStatus.DELIVERED.name());
            return Optional.of(new Deliveries.FinalOutcome(message, claim, MessageStatus.DELIVERED,
                    Attempt.delivered(started, destination, clock.millis() - started.toEpochMilli()), attempts,
                    clock.instant()));
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
                return Optional.of(new Deliveries.FinalOutcome(message, claim, MessageStatus.DEAD, attempt, attempts,
                        clock.instant()));
            }
            long delay = backoff(round);
            Log.warnf("Message %s attempt %d failed, retry in %d ms: %s", id, attempts, delay, error);
            span.setAttribute(OUTCOME, MessageStatus.FAILED.name());
            Optional<Message> recorded = deliveries.recordFailure(claim, attempt, attempts,
                    clock.instant().plusMillis(delay));
            if (recorded.isEmpty()) {
                notRecorded(span, id, attempts);
                return Optional.empty();
            }
            relay.offer(recorded.get(), recorded.get().pointerId(),
                    message.trace() == null ? null : TraceContext.current());
            return Optional.empty();
        }
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

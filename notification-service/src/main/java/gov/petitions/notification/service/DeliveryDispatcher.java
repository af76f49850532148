package gov.petitions.notification.service;

import gov.petitions.notification.config.NotificationConfig;
import gov.petitions.notification.repository.MessageRepository;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import org.bson.Document;

import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
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
 */
@ApplicationScoped
public class DeliveryDispatcher {

    private final MessageRepository messages;
    private final DeliveryOutcomeRelay relay;
    private final NotificationConfig config;
    private final Map<String, DeliveryChannel> channels = new HashMap<>();
    private final Map<String, ThreadPoolExecutor> pools = new ConcurrentHashMap<>();
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
    private final java.time.Clock clock;

    public DeliveryDispatcher(MessageRepository messages, DeliveryOutcomeRelay relay, NotificationConfig config,
                              Instance<DeliveryChannel> channels, java.time.Clock clock) {
        this.clock = clock;
        this.messages = messages;
        this.relay = relay;
        this.config = config;
        for (DeliveryChannel channel : channels) {
            this.channels.put(channel.name(), channel);
        }
    }

    void stop(@Observes ShutdownEvent shutdown) {
        pools.values().forEach(ThreadPoolExecutor::shutdownNow);
    }

    /** Takes a stored message that nobody holds (a redelivered event found it unsent) and sends it. */
    public void dispatch(Document message) {
        Date now = now();
        if (busyUntil(message, now) != null) {
            return; // a worker (or replica) holds it, or its next attempt is not due yet
        }
        Document claimed = messages.claim(message, lease(now));
        if (claimed != null) {
            submit(claimed);
        }
    }

    /**
     * Failed messages whose backoff has run out, stored messages whose worker died (its lease ran out), and
     * outcomes not yet told: all found through the small retry queue, with one read of their messages per pass.
     */
    @Scheduled(every = "${notification.retry-scan:5s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scan() {
        Date now = now();
        List<Document> pointers = messages.duePointers(now, 500);
        if (pointers.isEmpty()) {
            return;
        }
        Map<String, Document> byId = new HashMap<>();
        for (Document message : messages.findAll(pointers.stream().map(MessageRepository::messageIdOf)
                .filter(id -> !inFlight.contains(id)).distinct().toList())) {
            byId.put(message.getString("_id"), message);
        }
        List<String> gone = new ArrayList<>();
        Map<String, Date> later = new HashMap<>();
        List<Document> taken = new ArrayList<>();
        for (Document pointer : pointers) {
            String pointerId = pointer.getString("_id");
            String id = MessageRepository.messageIdOf(pointer);
            if (inFlight.contains(id)) {
                continue;
            }
            Document message = byId.get(id);
            if (message == null || MessageRepository.isStale(pointer, message)) {
                gone.add(pointerId);
                continue;
            }
            String status = message.getString("status");
            if (MessageRepository.outcomeUntold(pointer, message)) {
                relay.offer(message, pointerId); // the worker that recorded it died before telling it
            }
            if (MessageRepository.isFinal(message)) {
                // its pointer goes once the outcome is told; should that fail, look again in a while
                later.put(pointerId, new Date(now.getTime() + 60_000));
                continue;
            }
            if (!"PENDING".equals(status) && !"FAILED".equals(status)) {
                gone.add(pointerId);
                continue;
            }
            Date busy = busyUntil(message, now);
            if (busy != null) {
                later.put(pointerId, busy);
                continue;
            }
            Document claimed = messages.claim(message, lease(now));
            if (claimed != null) {
                later.put(pointerId, claimed.getDate("leaseUntil"));
                taken.add(claimed);
            }
        }
        messages.deletePointers(gone);
        messages.reschedule(later);
        // after rescheduling: a channel that turns one away moves its pointer to the end of the backoff instead
        taken.forEach(this::submit);
    }

    /** When a message can be taken next: null if now (nobody holds it and its next attempt is due). */
    private static Date busyUntil(Document message, Date now) {
        Date leaseUntil = message.getDate("leaseUntil");
        Date nextAttempt = "FAILED".equals(message.getString("status")) ? message.getDate("nextAttemptAt") : null;
        Date busy = leaseUntil != null && leaseUntil.after(now) ? leaseUntil : null;
        if (nextAttempt != null && nextAttempt.after(now) && (busy == null || nextAttempt.after(busy))) {
            busy = nextAttempt;
        }
        return busy;
    }

    /**
     * Sends a message this worker has claimed (stored claimed, reopened or taken by the scan) as soon as its channel
     * has a free thread, from the document in hand: the delivery thread reads nothing before sending.
     */
    public void submit(Document claimed) {
        try {
            pool(claimed.getString("channel")).execute(() -> deliver(claimed));
        } catch (RejectedExecutionException e) {
            // the channel is saturated: give the claim back, the scan offers the message again shortly
            messages.release(claimed.getString("claim"), claimed,
                    new Date(clock.millis() + config.retryBackoff().toMillis()));
        }
    }

    private ThreadPoolExecutor pool(String channel) {
        return pools.computeIfAbsent(channel, name -> {
            NotificationConfig.Dispatch limits = config.dispatch().get(name);
            int threads = limits == null ? 4 : limits.concurrency();
            int queue = limits == null ? 200 : limits.queue();
            AtomicInteger count = new AtomicInteger();
            return new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(queue), task -> {
                Thread thread = new Thread(task, "deliver-" + name.toLowerCase() + "-" + count.incrementAndGet());
                thread.setDaemon(true);
                return thread;
            });
        });
    }

    void deliver(Document message) {
        String messageId = message.getString("_id");
        if (!inFlight.add(messageId)) {
            return;
        }
        try {
            String token = message.getString("claim");
            Date leaseUntil = message.getDate("leaseUntil");
            long lease = config.claimLease().toMillis();
            if (leaseUntil == null || leaseUntil.getTime() - clock.millis() < lease - lease / 4) {
                // it waited in the channel's queue: the claim may have run out and gone to another worker, and the
                // send needs a lease of its own, so renew it (atomically) or leave the message to its new holder
                token = messages.renewClaim(token, lease(now()));
                if (token == null) {
                    return;
                }
            }
            attempt(message, token);
        } catch (RuntimeException e) {
            // the database failed us: the claim runs out and the scan tries again
            Log.warnf("Message %s not attempted (will retry): %s", messageId, e.getClass().getSimpleName());
        } finally {
            inFlight.remove(messageId);
        }
    }

    private void attempt(Document message, String token) {
        String id = message.getString("_id");
        int attempts = message.getList("attempts", Document.class, List.of()).size() + 1;
        DeliveryChannel channel = channels.get(message.getString("channel"));
        Date started = now();
        Document recorded;
        try {
            if (channel == null) {
                throw new DeliveryChannel.ChannelFailure("channel " + message.getString("channel") + " is not available");
            }
            Document data = message.get("data", Document.class);
            String destination = channel.send(new DeliveryChannel.Outgoing(id, message.getString("petitionId"),
                    message.getString("recipientKind"), message.getString("recipientRef"), message.getString("template"),
                    message.getString("subject"), message.getString("text"), message.getInteger("templateVersion"),
                    data == null ? Map.of() : data));
            recorded = messages.recordOutcome(token, "DELIVERED", new Document("at", started).append("outcome", "DELIVERED")
                    .append("destination", destination).append("durationMs", clock.millis() - started.getTime()),
                    attempts, now());
        } catch (RuntimeException e) {
            // only a channel's own failure text is known to carry no personal data
            String error = e instanceof DeliveryChannel.ChannelFailure ? e.getMessage() : e.getClass().getSimpleName();
            error = error == null ? "error" : error.length() > 500 ? error.substring(0, 500) : error;
            Document attempt = new Document("at", started).append("outcome", "FAILED").append("error", error)
                    .append("durationMs", clock.millis() - started.getTime());
            int round = attempts - message.getInteger("resendBase", 0);
            if (round >= config.maxAttempts() || e instanceof DeliveryChannel.PermanentFailure) {
                Log.warnf("Message %s attempt %d failed, the message is now dead: %s", id, attempts, error);
                recorded = messages.recordOutcome(token, "DEAD", attempt, attempts, now());
            } else {
                long delay = backoff(round);
                Log.warnf("Message %s attempt %d failed, retry in %d ms: %s", id, attempts, delay, error);
                recorded = messages.recordFailure(token, attempt, attempts, new Date(clock.millis() + delay));
            }
        }
        if (recorded == null) {
            // the lease ran out during the send and another worker holds the message: its record stands
            Log.warnf("Message %s attempt %d not recorded: the claim had passed to another worker", id, attempts);
            return;
        }
        relay.offer(recorded, MessageRepository.pointerId(recorded));
    }

    /** Exponential (base × 2^(n-1)), capped, plus up to 50% jitter so that a recovered gateway is not stampeded. */
    long backoff(int failedAttempts) {
        long base = config.retryBackoff().toMillis();
        long delay = Math.min(config.retryBackoffMax().toMillis(), base << Math.min(failedAttempts - 1, 20));
        return delay + ThreadLocalRandom.current().nextLong(delay / 2 + 1);
    }

    private Date now() {
        return Date.from(clock.instant());
    }

    /** The end of a claim taken now. */
    public Date lease(Date now) {
        return new Date(now.getTime() + config.claimLease().toMillis());
    }
}

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

import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
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
 * <p>A message is sent by whoever claims it in the retry queue; a claim is a lease longer than any
 * channel timeout. Whatever is not sent now (a full queue, a crash) is found again by the retry scan.
 */
@ApplicationScoped
public class DeliveryDispatcher {

    private final MessageRepository messages;
    private final DeliveryOutcomeRelay relay;
    private final NotificationConfig config;
    private final Map<String, DeliveryChannel> channels = new HashMap<>();
    private final Map<String, ThreadPoolExecutor> pools = new ConcurrentHashMap<>();
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();

    public DeliveryDispatcher(MessageRepository messages, DeliveryOutcomeRelay relay, NotificationConfig config,
                              Instance<DeliveryChannel> channels) {
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

    /** Sends a freshly stored (or reopened) message as soon as its channel has a free thread. */
    public void dispatch(String messageId, String channel) {
        Date now = new Date();
        String token = UUID.randomUUID().toString();
        if (!messages.claim(messageId, now, lease(now), token)) {
            return; // another worker (or replica) has it
        }
        submit(messageId, channel, token);
    }

    /** Failed messages whose backoff has run out, and stored messages nobody sent (crash, full queue). */
    @Scheduled(every = "${notification.retry-scan:5s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scan() {
        Date now = new Date();
        for (String id : messages.dueForRetry(now, 500)) {
            if (inFlight.contains(id)) {
                continue;
            }
            Document message = messages.find(id).orElse(null);
            String status = message == null ? null : message.getString("status");
            if (!"PENDING".equals(status) && !"FAILED".equals(status)) {
                messages.unschedule(id);
                continue;
            }
            String token = UUID.randomUUID().toString();
            if (messages.claim(id, now, lease(now), token)) {
                submit(id, message.getString("channel"), token);
            }
        }
    }

    private void submit(String messageId, String channel, String token) {
        try {
            pool(channel).execute(() -> deliver(messageId, token));
        } catch (RejectedExecutionException e) {
            // the channel is saturated: give the claim back, the scan offers the message again shortly
            messages.schedule(messageId, new Date(System.currentTimeMillis() + config.retryBackoff().toMillis()));
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

    void deliver(String messageId, String token) {
        if (!inFlight.add(messageId)) {
            return;
        }
        try {
            if (!messages.renewClaim(messageId, token, lease(new Date()))) {
                return; // the claim ran out while queued and another worker took the message
            }
            Document message = messages.find(messageId).orElse(null);
            if (message == null) {
                messages.unschedule(messageId);
                return;
            }
            String status = message.getString("status");
            if (!"PENDING".equals(status) && !"FAILED".equals(status)) {
                messages.unschedule(messageId);
                return;
            }
            attempt(message);
        } catch (RuntimeException e) {
            // the database failed us: the claim runs out and the scan tries again
            Log.warnf("Message %s not attempted (will retry): %s", messageId, e.getClass().getSimpleName());
        } finally {
            inFlight.remove(messageId);
        }
    }

    private void attempt(Document message) {
        String id = message.getString("_id");
        int attempts = message.getList("attempts", Document.class, List.of()).size() + 1;
        DeliveryChannel channel = channels.get(message.getString("channel"));
        Date started = new Date();
        try {
            if (channel == null) {
                throw new DeliveryChannel.ChannelFailure("channel " + message.getString("channel") + " is not available");
            }
            String destination = channel.send(new DeliveryChannel.Outgoing(id, message.getString("petitionId"),
                    message.getString("recipientKind"), message.getString("recipientRef"), message.getString("template"),
                    message.getString("subject"), message.getString("text")));
            messages.recordOutcome(id, "DELIVERED", new Document("at", started).append("outcome", "DELIVERED")
                    .append("destination", destination).append("durationMs", System.currentTimeMillis() - started.getTime()),
                    attempts, new Date());
        } catch (RuntimeException e) {
            // only a channel's own failure text is known to carry no personal data
            String error = e instanceof DeliveryChannel.ChannelFailure ? e.getMessage() : e.getClass().getSimpleName();
            error = error == null ? "error" : error.length() > 500 ? error.substring(0, 500) : error;
            Document attempt = new Document("at", started).append("outcome", "FAILED").append("error", error)
                    .append("durationMs", System.currentTimeMillis() - started.getTime());
            int round = attempts - message.getInteger("resendBase", 0);
            if (round >= config.maxAttempts()) {
                Log.warnf("Message %s attempt %d failed, the message is now dead: %s", id, attempts, error);
                messages.recordOutcome(id, "DEAD", attempt, attempts, new Date());
            } else {
                long delay = backoff(round);
                Log.warnf("Message %s attempt %d failed, retry in %d ms: %s", id, attempts, delay, error);
                messages.recordFailure(id, attempt, attempts, new Date(System.currentTimeMillis() + delay));
            }
        }
        relay.wakeUp();
    }

    /** Exponential (base × 2^(n-1)), capped, plus up to 50% jitter so that a recovered gateway is not stampeded. */
    long backoff(int failedAttempts) {
        long base = config.retryBackoff().toMillis();
        long delay = Math.min(config.retryBackoffMax().toMillis(), base << Math.min(failedAttempts - 1, 20));
        return delay + ThreadLocalRandom.current().nextLong(delay / 2 + 1);
    }

    private Date lease(Date now) {
        return new Date(now.getTime() + config.claimLease().toMillis());
    }
}

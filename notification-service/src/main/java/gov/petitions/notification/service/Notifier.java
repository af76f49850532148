package gov.petitions.notification.service;

import gov.petitions.notification.config.NotificationConfig;
import gov.petitions.notification.messaging.PetitionRegistered;
import gov.petitions.notification.repository.MessageRepository;
import gov.petitions.platform.events.CloudEvent;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import org.bson.Document;

import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Turns events into messages and delivers them. A message is stored before it is sent, under a unique
 * (event, recipient, channel) key, so a redelivered event finds it and never sends a second time.
 */
@ApplicationScoped
public class Notifier {

    static final String RECEIPT_TEMPLATE = "petition.registered.receipt";

    private final MessageRepository messages;
    private final DeliveryChannel channel;
    private final DeliveryOutcomeRelay relay;
    private final NotificationConfig config;

    public Notifier(MessageRepository messages, LogChannel channel, DeliveryOutcomeRelay relay, NotificationConfig config) {
        this.messages = messages;
        this.channel = channel;
        this.relay = relay;
        this.config = config;
    }

    /** 受理告知: the petitioner learns the matter is registered and how to follow it. */
    public void sendReceipt(CloudEvent event, PetitionRegistered petition) {
        String text = "【信访告知】您反映的事项已于" + petition.registeredAt().toLocalDate() + "登记，信访事项编号 "
                + petition.trackingNumber() + "。请凭编号和查询码查询办理进度。";
        Document message = new Document("_id", UUID.randomUUID().toString())
                .append("eventId", event.id().toString())
                .append("eventType", event.type())
                .append("petitionId", petition.petitionId().toString())
                .append("recipientKind", "PETITIONER")
                .append("recipientRef", petition.petitionerRef().toString())
                .append("channel", channel.name())
                .append("template", RECEIPT_TEMPLATE)
                .append("text", text)
                .append("status", "PENDING")
                .append("attempts", new ArrayList<Document>())
                .append("createdAt", new Date())
                .append("eventPublished", true);
        if (!messages.insertIfAbsent(message)) {
            Document existing = messages.find(event.id().toString(), petition.petitionerRef().toString(), channel.name())
                    .orElseThrow();
            if (!"PENDING".equals(existing.getString("status"))) {
                return; // sent (or being retried) already: a redelivered event sends nothing
            }
            message = existing; // stored, then the service died before sending: send now
        }
        deliver(message);
    }

    /** Retries failed messages whose backoff has run out. */
    @Scheduled(every = "${notification.retry-scan:5s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void retryFailed() {
        for (Document failed : messages.dueForRetry(new Date(), 200)) {
            if ("FAILED".equals(failed.getString("status"))) {
                deliver(failed);
            }
        }
    }

    void deliver(Document message) {
        String id = message.getString("_id");
        int attemptsSoFar = message.getList("attempts", Document.class, List.of()).size();
        Date started = new Date();
        try {
            channel.send(id, message.getString("recipientRef"), message.getString("text"));
            messages.recordOutcome(id, "DELIVERED", new Document("at", started).append("outcome", "DELIVERED"), new Date());
        } catch (RuntimeException e) {
            int attempts = attemptsSoFar + 1;
            Document attempt = new Document("at", started).append("outcome", "FAILED").append("error", truncate(e.getMessage()));
            if (attempts >= config.maxAttempts()) {
                Log.warnf("Message %s attempt %d failed, the message is now dead: %s", id, attempts, e.getMessage());
                messages.recordOutcome(id, "DEAD", attempt, new Date());
            } else {
                long delay = config.retryBackoff().toMillis() << Math.min(attempts - 1, 10);
                delay += ThreadLocalRandom.current().nextLong(delay / 2 + 1);
                Log.warnf("Message %s attempt %d failed, retry in %d ms: %s", id, attempts, delay, e.getMessage());
                messages.recordFailure(id, attempt, new Date(System.currentTimeMillis() + delay));
            }
        }
        relay.wakeUp();
    }

    private static String truncate(String text) {
        if (text == null) {
            return "error";
        }
        return text.length() > 500 ? text.substring(0, 500) : text;
    }
}

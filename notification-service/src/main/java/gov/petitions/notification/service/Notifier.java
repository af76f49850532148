package gov.petitions.notification.service;

import gov.petitions.notification.config.NotificationConfig;
import gov.petitions.notification.messaging.CaseEvents;
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
    private final com.fasterxml.jackson.databind.ObjectMapper mapper;

    public Notifier(MessageRepository messages, LogChannel channel, DeliveryOutcomeRelay relay, NotificationConfig config,
                    com.fasterxml.jackson.databind.ObjectMapper mapper) {
        this.mapper = mapper.copy().disable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        this.messages = messages;
        this.channel = channel;
        this.relay = relay;
        this.config = config;
    }

    /** 受理告知: the petitioner learns the matter is registered and how to follow it. */
    public void sendReceipt(CloudEvent event, PetitionRegistered petition) {
        messages.rememberPetition(petition.petitionId().toString(), petition.petitionerRef().toString(),
                petition.trackingNumber());
        String text = "【信访告知】您反映的事项已于" + petition.registeredAt().toLocalDate() + "登记，信访事项编号 "
                + petition.trackingNumber() + "。请凭编号和查询码查询办理进度。";
        send(event, petition.petitionId().toString(), petition.petitionerRef().toString(), RECEIPT_TEMPLATE, text);
        // steps that overtook this registration, in the order they happened
        for (Document parked : messages.parkedFor(petition.petitionId().toString())) {
            CloudEvent original = new CloudEvent(java.util.UUID.fromString(parked.getString("_id")), parked.getString("kind"),
                    "/parked", petition.petitionId().toString(), null);
            try {
                if (CaseEvents.Assigned.TYPE.equals(parked.getString("kind"))) {
                    tellForwarded(original, mapper.readValue(parked.getString("payload"), CaseEvents.Assigned.class));
                } else {
                    tellStep(original, mapper.readValue(parked.getString("payload"), CaseEvents.StatusChanged.class));
                }
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                Log.warnf("Parked step %s unreadable, dropped: %s", parked.getString("_id"), e.getOriginalMessage());
            }
            messages.unpark(parked.getString("_id"));
        }
    }

    /** 转送告知: the petitioner learns which unit has the matter now (first assignment, escalation, review...). */
    public void tellForwarded(CloudEvent event, CaseEvents.Assigned assigned) {
        // the unit's handlers hear of their new case whatever the petitioner's side does
        send(event, assigned.petitionId().toString(), "UNIT", assigned.unit().code(), "case.assigned.unit",
                "【交办通知】信访事项 " + assigned.trackingNumber() + " 已交办贵单位（" + assigned.reason()
                        + "），请在规定期限内作出是否受理的决定。");
        String ref = petitionerOf(event, assigned.petitionId().toString(), assigned);
        if (ref == null) {
            return;
        }
        String text = "【信访告知】您的信访事项（编号 " + assigned.trackingNumber() + "）已转交" + assigned.unit().name()
                + switch (assigned.reason()) {
                    case "ESCALATION" -> "提级办理。";
                    case "REVIEW" -> "进行复查。";
                    case "RE_REVIEW" -> "进行复核。";
                    default -> "办理。";
                };
        send(event, assigned.petitionId().toString(), ref, "case.assigned.petitioner", text);
    }

    /** Each step the petitioner must hear of, in writing (告知). Steps that are internal are not sent. */
    public void tellStep(CloudEvent event, CaseEvents.StatusChanged change) {
        String number = "（编号 " + change.trackingNumber() + "）";
        String due = change.dueAt() == null ? "" : "，办理期限至" + change.dueAt().toLocalDate();
        String text = switch (change.toStatus()) {
            case "ACCEPTED" -> "【信访告知】您的信访事项" + number + "已受理" + due + "。";
            case "NOT_ACCEPTED" -> "【信访告知】您的信访事项" + number + "不予受理，理由：" + change.reason() + "。";
            case "EXTENDED" -> "【信访告知】您的信访事项" + number + "办理期限延长" + due + "，原因：" + change.reason() + "。";
            case "REPLIED" -> "【信访告知】您的信访事项" + number + "已办结，书面答复已发出。请对办理结果进行评价；如不满意，可在30日内申请复查。";
            case "REVIEW_REPLIED" -> "【信访告知】您的信访事项" + number + "复查意见已答复；如不服，可在30日内申请复核。";
            case "FINAL" -> "【信访告知】您的信访事项" + number + "复核已答复，依法终结。";
            default -> null;
        };
        if (text == null) {
            return;
        }
        String ref = petitionerOf(event, change.petitionId().toString(), change);
        if (ref == null) {
            return;
        }
        send(event, change.petitionId().toString(), ref,
                "case." + change.toStatus().toLowerCase().replace('_', '-') + ".petitioner", text);
    }

    /** 临期提醒 / 超期通报: the responsible unit, and on a breach also the supervisors of its city. */
    public void tellDeadline(CloudEvent event, CaseEvents.Deadline deadline, boolean breached) {
        String what = switch (deadline.clock()) {
            case "ACCEPTANCE" -> "受理决定";
            case "HANDLING" -> "办结答复";
            default -> "复查复核答复";
        };
        String text = breached
                ? "【超期通报】信访事项 " + deadline.trackingNumber() + " 的" + what + "期限（" + deadline.dueAt().toLocalDate() + "）已超过。"
                : "【临期提醒】信访事项 " + deadline.trackingNumber() + " 的" + what + "期限为 " + deadline.dueAt().toLocalDate() + "，请抓紧办理。";
        String template = breached ? "case.deadline-breached" : "case.deadline-warning";
        send(event, deadline.petitionId().toString(), "UNIT", deadline.unitCode(), template + ".unit", text);
        if (breached) {
            String city = deadline.unitCode().length() >= 4 ? deadline.unitCode().substring(0, 4) : deadline.unitCode();
            send(event, deadline.petitionId().toString(), "SUPERVISOR", "supervisors-" + city, template + ".supervisor", text);
        }
    }

    /** An operator sends a dead (or failed) message again; it keeps its history of attempts. */
    public Document resend(String messageId) {
        Document message = messages.find(messageId)
                .orElseThrow(() -> gov.petitions.platform.problem.ProblemException.notFound("Message", "No message " + messageId));
        String status = message.getString("status");
        if (!"DEAD".equals(status) && !"FAILED".equals(status)) {
            throw gov.petitions.platform.problem.ProblemException.conflict("not-resendable", "Nothing to resend",
                    "The message is " + status + "; only dead or failed messages are sent again");
        }
        deliver(message);
        return messages.find(messageId).orElseThrow();
    }

    /**
     * The petitioner behind a case. case.* events can overtake petition.registered (another topic):
     * such a step is parked and told when the registration arrives, so the partition never waits.
     */
    private String petitionerOf(CloudEvent event, String petitionId, Object step) {
        var known = messages.petition(petitionId);
        if (known.isPresent()) {
            return known.get().getString("petitionerRef");
        }
        try {
            messages.park(event.id().toString(), petitionId, event.type(), mapper.writeValueAsString(step));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        // the registration may have been handled between the look and the parking: look once more
        // (if both paths send, the unique (event, recipient, channel) index keeps it to one message)
        known = messages.petition(petitionId);
        if (known.isPresent()) {
            messages.unpark(event.id().toString());
            return known.get().getString("petitionerRef");
        }
        return null;
    }

    private void send(CloudEvent event, String petitionId, String recipientRef, String template, String text) {
        send(event, petitionId, "PETITIONER", recipientRef, template, text);
    }

    private void send(CloudEvent event, String petitionId, String recipientKind, String recipientRef, String template,
                      String text) {
        Document message = new Document("_id", UUID.randomUUID().toString())
                .append("eventId", event.id().toString())
                .append("eventType", event.type())
                .append("petitionId", petitionId)
                .append("recipientKind", recipientKind)
                .append("recipientRef", recipientRef)
                .append("channel", channel.name())
                .append("template", template)
                .append("text", text)
                .append("status", "PENDING")
                .append("attempts", new ArrayList<Document>())
                .append("createdAt", new Date())
                .append("eventPublished", true);
        if (!messages.insertIfAbsent(message)) {
            Document existing = messages.find(event.id().toString(), recipientRef, channel.name()).orElseThrow();
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

package gov.petitions.notification.service;

import gov.petitions.notification.config.NotificationConfig;
import gov.petitions.notification.messaging.CaseEvents;
import gov.petitions.notification.messaging.HotspotDetected;
import gov.petitions.notification.messaging.PetitionRegistered;
import gov.petitions.notification.repository.HotspotRepository;
import gov.petitions.notification.repository.MessageRepository;
import gov.petitions.notification.repository.OverdueRepository;
import gov.petitions.platform.events.CloudEvent;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import org.bson.Document;

import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Turns events into messages and hands them to the dispatcher. A message is stored before it is sent, under a
 * unique (event, recipient, channel) key, so a redelivered event finds it and never sends a second time. The
 * Kafka consumer thread only renders and stores: sending happens on the channels' own threads.
 */
@ApplicationScoped
public class Notifier {

    static final String RECEIPT_TEMPLATE = "petition.registered.receipt";

    private final MessageRepository messages;
    private final OverdueRepository overdue;
    private final ChannelRouter router;
    private final Texts texts;
    private final DeliveryDispatcher dispatcher;
    private final HotspotRepository hotspots;
    private final Map<String, String> coveringLeaders;
    private final com.fasterxml.jackson.databind.ObjectMapper mapper;

    public Notifier(MessageRepository messages, OverdueRepository overdue, ChannelRouter router, Texts texts,
                    DeliveryDispatcher dispatcher, HotspotRepository hotspots, NotificationConfig config,
                    com.fasterxml.jackson.databind.ObjectMapper mapper) {
        this.hotspots = hotspots;
        this.coveringLeaders = config.digest().coveringLeaders();
        this.mapper = mapper.copy().disable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        this.messages = messages;
        this.overdue = overdue;
        this.router = router;
        this.texts = texts;
        this.dispatcher = dispatcher;
    }

    /** 受理告知: the petitioner learns the matter is registered and how to follow it. */
    public void sendReceipt(CloudEvent event, PetitionRegistered petition) {
        messages.rememberPetition(petition.petitionId().toString(), petition.petitionerRef().toString(),
                petition.trackingNumber());
        Map<String, Object> data = data(petition.petitionId().toString(), petition.trackingNumber());
        data.put("registeredDate", petition.registeredAt().toLocalDate().toString());
        send(event, petition.petitionId().toString(), petition.petitionerRef().toString(), RECEIPT_TEMPLATE, data);
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
        Map<String, Object> data = data(assigned.petitionId().toString(), assigned.trackingNumber());
        data.put("reason", assigned.reason());
        data.put("unitName", assigned.unit().name());
        data.put("unitCode", assigned.unit().code());
        // the unit's handlers hear of their new case whatever the petitioner's side does
        send(event, assigned.petitionId().toString(), "UNIT", assigned.unit().code(), "case.assigned.unit", data);
        String ref = petitionerOf(event, assigned.petitionId().toString(), assigned);
        if (ref == null) {
            return;
        }
        send(event, assigned.petitionId().toString(), ref, "case.assigned.petitioner", data);
    }

    /** Each step the petitioner must hear of, in writing (告知). Steps that are internal are not sent. */
    public void tellStep(CloudEvent event, CaseEvents.StatusChanged change) {
        overdue.settle(change.petitionId().toString(), change.toStatus());
        String template = switch (change.toStatus()) {
            case "ACCEPTED", "NOT_ACCEPTED", "EXTENDED", "REPLIED", "REVIEW_REPLIED", "FINAL" ->
                    "case." + change.toStatus().toLowerCase().replace('_', '-') + ".petitioner";
            default -> null;
        };
        if (template == null) {
            return;
        }
        String ref = petitionerOf(event, change.petitionId().toString(), change);
        if (ref == null) {
            return;
        }
        Map<String, Object> data = data(change.petitionId().toString(), change.trackingNumber());
        data.put("reason", change.reason());
        data.put("dueDate", change.dueAt() == null ? null : change.dueAt().toLocalDate().toString());
        send(event, change.petitionId().toString(), ref, template, data);
    }

    /** 临期提醒 / 超期通报: the responsible unit, and on a breach also the supervisors of its city. */
    public void tellDeadline(CloudEvent event, CaseEvents.Deadline deadline, boolean breached) {
        Map<String, Object> data = data(deadline.petitionId().toString(), deadline.trackingNumber());
        data.put("clockName", clockName(deadline.clock()));
        data.put("dueDate", deadline.dueAt().toLocalDate().toString());
        data.put("unitCode", deadline.unitCode());
        String template = breached ? "case.deadline-breached" : "case.deadline-warning";
        send(event, deadline.petitionId().toString(), "UNIT", deadline.unitCode(), template + ".unit", data);
        if (breached) {
            overdue.record(deadline);
            send(event, deadline.petitionId().toString(), "SUPERVISOR", "supervisors-" + OverdueRepository.city(deadline.unitCode()),
                    template + ".supervisor", data);
        }
    }

    /**
     * 专班跟进提醒: the unit leading the dedicated team and the leader who set the follow-up date hear before it
     * falls due and again if it passes unreported.
     */
    public void remindFollowUp(CloudEvent event, CaseEvents.FollowUpDue followUp) {
        Map<String, Object> data = data(followUp.petitionId().toString(), followUp.trackingNumber());
        data.put("stage", followUp.stage());
        data.put("dueDate", followUp.dueAt().atZoneSameInstant(java.time.ZoneId.of("Asia/Shanghai")).toLocalDate().toString());
        data.put("team", followUp.team());
        data.put("followUpId", followUp.followUpId());
        if (followUp.unitCode() != null) {
            send(event, followUp.petitionId().toString(), "UNIT", followUp.unitCode(), "case.follow-up-due.unit", data);
        }
        send(event, followUp.petitionId().toString(), "LEADER", followUp.leader(), "case.follow-up-due.leader", data);
    }

    /**
     * 热点预警: the supervisors of the hot spot's city and its covering leader hear when it is detected, when it
     * grows and when it subsides. An event older than one already told (a lower sequence) is not told.
     */
    public void alertHotspot(CloudEvent event, HotspotDetected hotspot) {
        String hotspotId = hotspot.hotspotId().toString();
        if (hotspot.sequence() <= hotspots.toldSequence(hotspotId)) {
            return;
        }
        String city = hotspot.countyCode().substring(0, 4);
        Map<String, Object> data = new HashMap<>();
        data.put("hotspotId", hotspotId);
        data.put("status", hotspot.status());
        data.put("countyCode", hotspot.countyCode());
        data.put("placeCode", hotspot.placeCode());
        data.put("placeLevel", hotspot.placeLevel());
        data.put("categoryCode", hotspot.categoryCode());
        data.put("targetLabel", hotspot.targetLabel());
        data.put("petitionCount", hotspot.petitionCount());
        data.put("personCount", hotspot.personCount());
        data.put("explanation", hotspot.reasons() == null ? null : String.join("；", hotspot.reasons().stream()
                .map(HotspotDetected.Reason::explanation).filter(java.util.Objects::nonNull).toList()));
        data.put("jurisdiction", city);
        send(event, null, "SUPERVISOR", "supervisors-" + city, "hotspot.detected.supervisor", data);
        send(event, null, "LEADER", coveringLeaders.getOrDefault(city, "leader-" + city), "hotspot.detected.leader", data);
        // recorded after the messages: a crash in between re-sends nothing (the unique index), it only retells
        hotspots.told(hotspotId, hotspot.sequence());
    }

    static String clockName(String clock) {
        return switch (clock) {
            case "ACCEPTANCE" -> "受理决定";
            case "HANDLING" -> "办结答复";
            default -> "复查复核答复";
        };
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
        messages.reopen(messageId, message.getList("attempts", Document.class, List.of()).size());
        dispatcher.dispatch(messageId, message.getString("channel"));
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

    private static Map<String, Object> data(String petitionId, String trackingNumber) {
        Map<String, Object> data = new HashMap<>();
        data.put("petitionId", petitionId);
        data.put("trackingNumber", trackingNumber);
        data.put("reason", null);
        data.put("dueDate", null);
        return data;
    }

    private void send(CloudEvent event, String petitionId, String recipientRef, String template, Map<String, Object> data) {
        send(event, petitionId, "PETITIONER", recipientRef, template, data);
    }

    void send(CloudEvent event, String petitionId, String recipientKind, String recipientRef, String template,
              Map<String, Object> data) {
        TemplateCatalog.Entry entry = TemplateCatalog.find(template).orElseThrow();
        for (String channel : router.channelsFor(recipientKind, recipientRef, entry)) {
            Texts.Rendered rendered = texts.render(template, channel, data);
            Document message = new Document("_id", UUID.randomUUID().toString())
                    .append("eventId", event.id().toString())
                    .append("eventType", event.type())
                    .append("petitionId", petitionId)
                    .append("recipientKind", recipientKind)
                    .append("recipientRef", recipientRef)
                    .append("channel", channel)
                    .append("template", template)
                    .append("templateVersion", rendered.version())
                    .append("subject", rendered.subject())
                    .append("text", rendered.text())
                    .append("status", "PENDING")
                    .append("attempts", new ArrayList<Document>())
                    .append("createdAt", new Date())
                    .append("eventPublished", true);
            if (!messages.insertIfAbsent(message)) {
                Document existing = messages.find(event.id().toString(), recipientRef, channel).orElseThrow();
                if (!"PENDING".equals(existing.getString("status"))) {
                    continue; // sent (or being retried) already: a redelivered event sends nothing
                }
                message = existing; // stored, then the service died before sending: send now
            }
            messages.scheduleIfAbsent(message.getString("_id"), new Date());
            dispatcher.dispatch(message.getString("_id"), channel);
        }
    }
}

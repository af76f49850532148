package gov.petitions.notification.service;

import gov.petitions.notification.config.NotificationConfig;
import gov.petitions.notification.messaging.CaseEvents;
import gov.petitions.notification.messaging.HotspotDetected;
import gov.petitions.notification.messaging.PetitionRegistered;
import gov.petitions.notification.repository.HotspotRepository;
import gov.petitions.notification.repository.MessageRepository;
import gov.petitions.notification.repository.OverdueRepository;
import gov.petitions.platform.events.CloudEvent;
import gov.petitions.platform.security.CallerScope;
import gov.petitions.platform.security.CaseScope;
import gov.petitions.platform.time.ChinaTime;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import org.bson.Document;

import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
    private final java.time.Clock clock;

    public Notifier(MessageRepository messages, OverdueRepository overdue, ChannelRouter router, Texts texts,
                    DeliveryDispatcher dispatcher, HotspotRepository hotspots, NotificationConfig config,
                    com.fasterxml.jackson.databind.ObjectMapper mapper, java.time.Clock clock) {
        this.clock = clock;
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
        String petitionId = petition.petitionId().toString();
        String petitionerRef = petition.petitionerRef().toString();
        // one write records the petition and returns the steps parked before it
        Document before = messages.rememberPetition(petitionId, petitionerRef, petition.trackingNumber(),
                petition.locationCode(), petition.accusedUnitCodes());
        Map<String, Object> data = data(petitionId, petition.trackingNumber());
        // China's date, as in the tracking number: 21:13 UTC on the 4th is the 5th in China
        data.put("registeredDate", ChinaTime.dateInChina(petition.registeredAt()).toString());
        send(event, List.of(new Draft(petitionId, "PETITIONER", petitionerRef, RECEIPT_TEMPLATE, data)));
        // steps that overtook this registration, in the order they happened
        List<String> told = new ArrayList<>();
        for (Document parked : MessageRepository.parkedSteps(before)) {
            String eventId = parked.getString("eventId");
            CloudEvent original = new CloudEvent(UUID.fromString(eventId), parked.getString("kind"), "/parked", petitionId, null);
            try {
                if (CaseEvents.Assigned.TYPE.equals(parked.getString("kind"))) {
                    tellForwarded(original, mapper.readValue(parked.getString("payload"), CaseEvents.Assigned.class), petitionerRef);
                } else {
                    tellStep(original, mapper.readValue(parked.getString("payload"), CaseEvents.StatusChanged.class), petitionerRef);
                }
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                Log.warnf("Parked step %s unreadable, dropped: %s", eventId, e.getOriginalMessage());
            }
            told.add(eventId);
        }
        // after telling: a crash before this line tells them again on redelivery, the unique index keeps it to once
        messages.unpark(petitionId, told);
    }

    /** 转送告知: the petitioner learns which unit has the matter now (first assignment, escalation, review...). */
    public void tellForwarded(CloudEvent event, CaseEvents.Assigned assigned) {
        // handlers read the messages of their unit's petitions
        messages.rememberUnit(assigned.petitionId().toString(), assigned.unit().code());
        tellForwarded(event, assigned, null);
    }

    private void tellForwarded(CloudEvent event, CaseEvents.Assigned assigned, String knownPetitioner) {
        String petitionId = assigned.petitionId().toString();
        Map<String, Object> data = data(petitionId, assigned.trackingNumber());
        data.put("reason", assigned.reason());
        data.put("unitName", assigned.unit().name());
        data.put("unitCode", assigned.unit().code());
        String ref = knownPetitioner != null ? knownPetitioner : petitionerOf(event, petitionId, assigned);
        List<Draft> drafts = new ArrayList<>(2);
        // the unit's handlers hear of their new case whatever the petitioner's side does
        drafts.add(new Draft(petitionId, "UNIT", assigned.unit().code(), "case.assigned.unit", data));
        if (ref != null) {
            drafts.add(new Draft(petitionId, "PETITIONER", ref, "case.assigned.petitioner", data));
        }
        send(event, drafts);
    }

    /** Each step the petitioner must hear of, in writing (告知). Steps that are internal are not sent. */
    public void tellStep(CloudEvent event, CaseEvents.StatusChanged change) {
        tellStep(event, change, null);
    }

    private void tellStep(CloudEvent event, CaseEvents.StatusChanged change, String knownPetitioner) {
        overdue.settle(change.petitionId().toString(), change.toStatus());
        String template = switch (change.toStatus()) {
            case "ACCEPTED", "NOT_ACCEPTED", "EXTENDED", "REPLIED", "REVIEW_REPLIED", "FINAL" ->
                    "case." + change.toStatus().toLowerCase().replace('_', '-') + ".petitioner";
            default -> null;
        };
        if (template == null) {
            return;
        }
        String ref = knownPetitioner != null ? knownPetitioner : petitionerOf(event, change.petitionId().toString(), change);
        if (ref == null) {
            return;
        }
        Map<String, Object> data = data(change.petitionId().toString(), change.trackingNumber());
        data.put("reason", change.reason());
        data.put("dueDate", change.dueAt() == null ? null : ChinaTime.dateInChina(change.dueAt()).toString());
        send(event, List.of(new Draft(change.petitionId().toString(), "PETITIONER", ref, template, data)));
    }

    /** 临期提醒 / 超期通报: the responsible unit, and on a breach also the supervisors of its city. */
    public void tellDeadline(CloudEvent event, CaseEvents.Deadline deadline, boolean breached) {
        Map<String, Object> data = data(deadline.petitionId().toString(), deadline.trackingNumber());
        data.put("clockName", clockName(deadline.clock()));
        data.put("dueDate", ChinaTime.dateInChina(deadline.dueAt()).toString());
        data.put("unitCode", deadline.unitCode());
        String template = breached ? "case.deadline-breached" : "case.deadline-warning";
        String petitionId = deadline.petitionId().toString();
        List<Draft> drafts = new ArrayList<>(2);
        drafts.add(new Draft(petitionId, "UNIT", deadline.unitCode(), template + ".unit", data));
        if (breached) {
            overdue.record(deadline);
            drafts.add(new Draft(petitionId, "SUPERVISOR", "supervisors-" + OverdueRepository.city(deadline.unitCode()),
                    template + ".supervisor", data));
        }
        send(event, drafts);
    }

    /**
     * 专班跟进提醒: the unit leading the dedicated team and the leader who set the follow-up date hear before it
     * falls due and again if it passes unreported.
     */
    public void remindFollowUp(CloudEvent event, CaseEvents.FollowUpDue followUp) {
        Map<String, Object> data = data(followUp.petitionId().toString(), followUp.trackingNumber());
        data.put("stage", followUp.stage());
        data.put("dueDate", ChinaTime.dateInChina(followUp.dueAt()).toString());
        data.put("team", followUp.team());
        data.put("followUpId", followUp.followUpId());
        String petitionId = followUp.petitionId().toString();
        List<Draft> drafts = new ArrayList<>(2);
        if (followUp.unitCode() != null) {
            drafts.add(new Draft(petitionId, "UNIT", followUp.unitCode(), "case.follow-up-due.unit", data));
        }
        drafts.add(new Draft(petitionId, "LEADER", followUp.leader(), "case.follow-up-due.leader", data));
        send(event, drafts);
    }

    /**
     * 热点预警: the supervisors of the hot spot's city and its covering leader hear when it is detected, when it
     * grows and when it subsides. An event older than one already told (a lower sequence) is not told.
     *
     * <p>Recusal (回避) as for a case: when the petitions behind it accuse the city's government or a unit of the
     * city, the city is the accused and the alert goes one level up, to the province's supervisors and its covering
     * leader. A level the hot spot recuses is never told, even if that leaves no one (then it is logged).
     */
    public void alertHotspot(CloudEvent event, HotspotDetected hotspot) {
        String hotspotId = hotspot.hotspotId().toString();
        if (hotspot.sequence() <= hotspots.toldSequence(hotspotId)) {
            return;
        }
        CaseScope recusal = CaseScope.of(hotspot.placeCode(), null, hotspot.accusedUnitCodes());
        String jurisdiction = java.util.stream.Stream.of(hotspot.countyCode().substring(0, 4), CallerScope.PROVINCE)
                .filter(level -> !recusal.recuses(level)).findFirst().orElse(null);
        if (jurisdiction == null) {
            Log.warnf("Hot spot %s (sequence %d) accuses every level that could be alerted; no one is told",
                    hotspotId, hotspot.sequence());
            hotspots.told(hotspotId, hotspot.sequence());
            return;
        }
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
        data.put("jurisdiction", jurisdiction);
        send(event, List.of(
                new Draft(null, "SUPERVISOR", "supervisors-" + jurisdiction, "hotspot.detected.supervisor", data),
                new Draft(null, "LEADER", coveringLeaders.getOrDefault(jurisdiction, "leader-" + jurisdiction),
                        "hotspot.detected.leader", data)));
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
        Date now = Date.from(clock.instant());
        Date leaseUntil = message.getDate("leaseUntil");
        Document reopened = leaseUntil != null && leaseUntil.after(now) ? null : messages.reopen(message, dispatcher.lease(now));
        if (reopened == null) {
            // a retry has it right now (or took it meanwhile): sending it again as well would send it twice
            throw gov.petitions.platform.problem.ProblemException.conflict("being-sent", "Being sent",
                    "The message is being attempted right now; look at it again in a moment");
        }
        dispatcher.submit(reopened);
        return reopened;
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
        String payload;
        try {
            payload = mapper.writeValueAsString(step);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        // the step and the registration meet in the petition's document, whose writes happen one after the other:
        // if the registration is there after parking, it was written first and never saw the step, so it is told here
        Document after = messages.park(petitionId, event.id().toString(), event.type(), payload);
        String ref = after == null ? null : after.getString("petitionerRef");
        if (ref != null) {
            messages.unpark(petitionId, List.of(event.id().toString()));
        }
        return ref;
    }

    private static Map<String, Object> data(String petitionId, String trackingNumber) {
        Map<String, Object> data = new HashMap<>();
        data.put("petitionId", petitionId);
        data.put("trackingNumber", trackingNumber);
        data.put("reason", null);
        data.put("dueDate", null);
        // a written decision's text, filled in by the letter channel from supervision-service when the letter is sent
        data.put("decisionText", null);
        return data;
    }

    /** One recipient's message about an event, before it is routed to its channels and rendered. */
    record Draft(String petitionId, String recipientKind, String recipientRef, String template, Map<String, Object> data) {
    }

    void send(CloudEvent event, String petitionId, String recipientKind, String recipientRef, String template,
              Map<String, Object> data) {
        send(event, List.of(new Draft(petitionId, recipientKind, recipientRef, template, data)));
    }

    /**
     * Stores the messages of an event, already claimed by this worker, and hands them to the dispatcher as they
     * are: the versions in use of their templates in one read, the messages and their retry pointers in two writes.
     */
    void send(CloudEvent event, List<Draft> drafts) {
        List<Draft> owners = new ArrayList<>();
        List<String> channels = new ArrayList<>();
        List<Texts.Request> requests = new ArrayList<>();
        for (Draft draft : drafts) {
            TemplateCatalog.Entry entry = TemplateCatalog.find(draft.template()).orElseThrow();
            for (String channel : router.channelsFor(draft.recipientKind(), draft.recipientRef(), entry)) {
                owners.add(draft);
                channels.add(channel);
                requests.add(new Texts.Request(draft.template(), channel, draft.data()));
            }
        }
        if (requests.isEmpty()) {
            return;
        }
        List<Texts.Rendered> renderedTexts = texts.render(requests);
        Date now = Date.from(clock.instant());
        Date leaseUntil = dispatcher.lease(now);
        List<Document> stored = new ArrayList<>(requests.size());
        for (int i = 0; i < requests.size(); i++) {
            Draft draft = owners.get(i);
            Texts.Rendered rendered = renderedTexts.get(i);
            Document message = new Document("_id", UUID.randomUUID().toString())
                    .append("eventId", event.id().toString())
                    .append("eventType", event.type())
                    .append("petitionId", draft.petitionId())
                    .append("recipientKind", draft.recipientKind())
                    .append("recipientRef", draft.recipientRef())
                    .append("channel", channels.get(i))
                    .append("template", draft.template())
                    .append("templateVersion", rendered.version())
                    .append("subject", rendered.subject())
                    .append("text", rendered.text())
                    .append("status", "PENDING")
                    .append("attempts", new ArrayList<Document>())
                    .append("createdAt", now);
            if (LetterChannel.NAME.equals(channels.get(i))) {
                // what a letter is rendered again with when it is sent: the decision's text joins it then
                message.append("data", new Document(draft.data()));
            }
            stored.add(MessageRepository.claimed(message, leaseUntil));
        }
        Set<Integer> storedBefore = messages.insertClaimed(stored);
        for (int i = 0; i < stored.size(); i++) {
            if (!storedBefore.contains(i)) {
                dispatcher.submit(stored.get(i));
                continue;
            }
            Document message = stored.get(i);
            Document existing = messages.find(event.id().toString(), message.getString("recipientRef"),
                    message.getString("channel")).orElseThrow();
            if (!"PENDING".equals(existing.getString("status"))) {
                continue; // sent (or being retried) already: a redelivered event sends nothing
            }
            // stored, then the service died before sending: send now, unless a worker still holds it
            messages.ensurePointer(existing);
            dispatcher.dispatch(existing);
        }
    }
}

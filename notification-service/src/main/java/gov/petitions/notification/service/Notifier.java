package gov.petitions.notification.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import gov.petitions.notification.config.NotificationConfig;
import gov.petitions.notification.domain.Channel;
import gov.petitions.notification.domain.MessageStatus;
import gov.petitions.notification.domain.RecipientKind;
import gov.petitions.notification.events.CaseEvents;
import gov.petitions.notification.events.HotspotDetected;
import gov.petitions.notification.events.PetitionRegistered;
import gov.petitions.notification.repository.HotspotRepository;
import gov.petitions.notification.repository.Message;
import gov.petitions.notification.repository.Messages;
import gov.petitions.notification.repository.OverdueRepository;
import gov.petitions.notification.repository.Petition;
import gov.petitions.notification.repository.Petitions;
import gov.petitions.notification.repository.Recipient;
import gov.petitions.platform.events.CloudEvent;
import gov.petitions.platform.events.TraceContext;
import gov.petitions.platform.problem.ProblemException;
import gov.petitions.platform.security.CallerScope;
import gov.petitions.platform.security.CaseScope;
import gov.petitions.platform.time.ChinaTime;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Turns events into messages and hands them to the dispatcher. A message is stored before it is sent, under a
 * unique (event, recipient, channel) key, so a redelivered event finds it and never sends a second time. The
 * Kafka consumer thread only renders and stores: sending happens on the channels' own threads.
 *
 * <p>Events come a poll at a time ({@link Poll}): each is applied into the poll, and {@link #flush} then writes what
 * they all left with a handful of MongoDB commands, whatever the number of events (docs/notifications.md, "How a poll
 * is applied").
 */
@ApplicationScoped
public class Notifier {

    static final String RECEIPT_TEMPLATE = "petition.registered.receipt";

    private final Messages messages;
    private final Petitions petitions;
    private final OverdueRepository overdue;
    private final ChannelRouter router;
    private final Texts texts;
    private final DeliveryDispatcher dispatcher;
    private final HotspotRepository hotspots;
    private final Map<String, String> coveringLeaders;
    private final ObjectMapper mapper;
    private final Clock clock;

    public Notifier(Messages messages, Petitions petitions, OverdueRepository overdue, ChannelRouter router, Texts texts,
                    DeliveryDispatcher dispatcher, HotspotRepository hotspots, NotificationConfig config,
                    ObjectMapper mapper, Clock clock) {
        this.clock = clock;
        this.hotspots = hotspots;
        this.coveringLeaders = config.digest().coveringLeaders();
        this.mapper = mapper.copy().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        this.messages = messages;
        this.petitions = petitions;
        this.overdue = overdue;
        this.router = router;
        this.texts = texts;
        this.dispatcher = dispatcher;
    }

    /**
     * A poll to apply events into; the petitions among {@code petitionIds} that are registered already are read
     * with one command (case events need their petitioner).
     */
    public Poll poll(Collection<String> petitionIds) {
        Poll poll = new Poll();
        if (!petitionIds.isEmpty()) {
            poll.registered.putAll(petitions.registeredAmong(petitionIds));
        }
        return poll;
    }

    /** 受理告知: the petitioner learns the matter is registered and how to follow it. */
    public void sendReceipt(Poll poll, CloudEvent event, PetitionRegistered petition) {
        String petitionId = petition.petitionId().toString();
        String petitionerRef = petition.petitionerRef().toString();
        // written with the poll's other registrations; the steps parked for it are told then (flush)
        poll.registrations.add(new Petitions.Registration(petitionId, petitionerRef, petition.trackingNumber(),
                petition.locationCode(), petition.accusedUnitCodes()));
        // China's date, as in the tracking number: 21:13 UTC on the 4th is the 5th in China
        MessageData data = new MessageData.Receipt(petitionId, petition.trackingNumber(),
                ChinaTime.dateInChina(petition.registeredAt()));
        stage(poll, event, List.of(new Draft(petitionId, RecipientKind.PETITIONER, petitionerRef, RECEIPT_TEMPLATE, data)));
    }

    /** Tells the steps that overtook a registration, in the order they happened, into {@code poll}. */
    private void tellParked(Poll poll, Petition registered) {
        String petitionId = registered.id();
        List<String> told = new ArrayList<>();
        for (Petition.ParkedStep parked : registered.parked()) {
            CloudEvent original = new CloudEvent(UUID.fromString(parked.eventId()), parked.kind(), "/parked", petitionId, null);
            try {
                if (CaseEvents.Assigned.TYPE.equals(parked.kind())) {
                    tellForwarded(poll, original, mapper.readValue(parked.payload(), CaseEvents.Assigned.class),
                            registered.petitionerRef());
                } else if (CaseEvents.Linked.TYPE.equals(parked.kind())) {
                    tellLinked(poll, original, mapper.readValue(parked.payload(), CaseEvents.Linked.class),
                            registered.petitionerRef());
                } else if (CaseEvents.Unlinked.TYPE.equals(parked.kind())) {
                    tellUnlinked(poll, original, mapper.readValue(parked.payload(), CaseEvents.Unlinked.class),
                            registered.petitionerRef());
                } else {
                    tellStep(poll, original, mapper.readValue(parked.payload(), CaseEvents.StatusChanged.class),
                            registered.petitionerRef());
                }
            } catch (JsonProcessingException e) {
                Log.warnf("Parked step %s unreadable, dropped: %s", parked.eventId(), e.getOriginalMessage());
            }
            told.add(parked.eventId());
        }
        // after telling (their messages stored): a crash before tells them again on redelivery, the unique index
        // keeps it to once
        if (!told.isEmpty()) {
            poll.afterStored.add(() -> petitions.unpark(petitionId, told));
        }
    }

    /** 转送告知: the petitioner learns which unit has the matter now (first assignment, escalation, review...). */
    public void tellForwarded(Poll poll, CloudEvent event, CaseEvents.Assigned assigned) {
        // handlers read the messages of their unit's petitions: written with the poll's messages, before them
        poll.units.add(new Poll.UnitAssignment(assigned.petitionId().toString(), assigned.unit().code(),
                assigned.unit().name()));
        tellForwarded(poll, event, assigned, null);
    }

    private void tellForwarded(Poll poll, CloudEvent event, CaseEvents.Assigned assigned, String knownPetitioner) {
        String petitionId = assigned.petitionId().toString();
        MessageData data = new MessageData.Forwarded(petitionId, assigned.trackingNumber(), assigned.reason(),
                assigned.unit());
        String ref = knownPetitioner != null ? knownPetitioner : petitionerOf(poll, event, petitionId, assigned);
        List<Draft> drafts = new ArrayList<>(2);
        // the unit's handlers hear of their new case whatever the petitioner's side does
        drafts.add(new Draft(petitionId, RecipientKind.UNIT, assigned.unit().code(), "case.assigned.unit", data));
        if (ref != null) {
            drafts.add(new Draft(petitionId, RecipientKind.PETITIONER, ref, "case.assigned.petitioner", data));
        }
        stage(poll, event, drafts);
    }

    /** Each step the petitioner must hear of, in writing (告知). Steps that are internal are not sent. */
    public void tellStep(Poll poll, CloudEvent event, CaseEvents.StatusChanged change) {
        tellStep(poll, event, change, null);
    }

    private void tellStep(Poll poll, CloudEvent event, CaseEvents.StatusChanged change, String knownPetitioner) {
        String petitionId = change.petitionId().toString();
        overdue.settle(petitionId, change.toStatus(), change.changedAt().toInstant());
        String template = change.toStatus().petitionerTemplate().orElse(null);
        if (template == null) {
            return;
        }
        String ref = knownPetitioner != null ? knownPetitioner : petitionerOf(poll, event, petitionId, change);
        if (ref == null) {
            return;
        }
        MessageData data = new MessageData.Step(petitionId, change.trackingNumber(), change.reason(),
                change.dueAt() == null ? null : ChinaTime.dateInChina(change.dueAt()));
        stage(poll, event, List.of(new Draft(petitionId, RecipientKind.PETITIONER, ref, template, data)));
    }

    /**
     * 合并办理告知 (同一事项归并): the petitioner of a case linked to a lead case learns that their petition is handled
     * together with the others of the same matter, by the lead's unit. Never how many others there are, whose they are,
     * nor the lead's tracking number or the staff's reason: those are other petitioners' and the bureau's.
     */
    public void tellLinked(Poll poll, CloudEvent event, CaseEvents.Linked linked) {
        String petitionId = linked.petitionId().toString();
        String unitName = unitNameOf(poll, linked.unitCode(), linked.leadPetitionId().toString(), petitionId);
        if (linked.unitCode() != null) {
            // the lead's unit holds the member now: its handlers read the member's messages
            poll.units.add(new Poll.UnitAssignment(petitionId, linked.unitCode(), unitName));
        }
        tellLinked(poll, event, linked, null);
    }

    private void tellLinked(Poll poll, CloudEvent event, CaseEvents.Linked linked, String knownPetitioner) {
        String petitionId = linked.petitionId().toString();
        String ref = knownPetitioner != null ? knownPetitioner : petitionerOf(poll, event, petitionId, linked);
        if (ref == null) {
            return; // parked until the registration arrives
        }
        MessageData data = new MessageData.Matter(petitionId, linked.trackingNumber(),
                unitNameOf(poll, linked.unitCode(), linked.leadPetitionId().toString(), petitionId), null);
        stage(poll, event, List.of(new Draft(petitionId, RecipientKind.PETITIONER, ref, "case.linked.petitioner", data)));
    }

    /** 单独办理告知: the petitioner of a case that left its lead's matter learns it is handled on its own again. */
    public void tellUnlinked(Poll poll, CloudEvent event, CaseEvents.Unlinked unlinked) {
        String petitionId = unlinked.petitionId().toString();
        if (unlinked.unitCode() != null) {
            poll.units.add(new Poll.UnitAssignment(petitionId, unlinked.unitCode(),
                    unitNameOf(poll, unlinked.unitCode(), petitionId, unlinked.leadPetitionId().toString())));
        }
        tellUnlinked(poll, event, unlinked, null);
    }

    private void tellUnlinked(Poll poll, CloudEvent event, CaseEvents.Unlinked unlinked, String knownPetitioner) {
        String petitionId = unlinked.petitionId().toString();
        String ref = knownPetitioner != null ? knownPetitioner : petitionerOf(poll, event, petitionId, unlinked);
        if (ref == null) {
            return;
        }
        MessageData data = new MessageData.Matter(petitionId, unlinked.trackingNumber(),
                unitNameOf(poll, unlinked.unitCode(), petitionId, unlinked.leadPetitionId().toString()),
                unlinked.cause().name());
        stage(poll, event, List.of(new Draft(petitionId, RecipientKind.PETITIONER, ref, "case.unlinked.petitioner", data)));
    }

    /**
     * The name of a unit as case.assigned gave it for one of these petitions while that unit held it (case.linked and
     * case.unlinked carry only its code); null if none of them knows it.
     */
    private String unitNameOf(Poll poll, String unitCode, String... petitionIds) {
        if (unitCode == null) {
            return null;
        }
        for (String id : petitionIds) {
            Petition known = poll.registered.get(id);
            if (known == null) {
                known = petitions.registered(id).orElse(null);
                if (known != null) {
                    poll.registered.put(id, known); // read once per poll
                }
            }
            if (known != null && unitCode.equals(known.unitCode()) && known.unitName() != null) {
                return known.unitName();
            }
        }
        return null;
    }

    /** 临期提醒 / 超期通报: the responsible unit, and on a breach also the supervisors of its city. */
    public void tellDeadline(Poll poll, CloudEvent event, CaseEvents.Deadline deadline, boolean breached) {
        MessageData data = new MessageData.Deadline(deadline.petitionId().toString(), deadline.trackingNumber(),
                deadline.clock(), ChinaTime.dateInChina(deadline.dueAt()), deadline.unitCode());
        String template = breached ? "case.deadline-breached" : "case.deadline-warning";
        String petitionId = deadline.petitionId().toString();
        List<Draft> drafts = new ArrayList<>(2);
        drafts.add(new Draft(petitionId, RecipientKind.UNIT, deadline.unitCode(), template + ".unit", data));
        if (breached) {
            overdue.record(deadline);
            drafts.add(new Draft(petitionId, RecipientKind.SUPERVISOR,
                    RecipientKind.supervisorsOf(OverdueRepository.city(deadline.unitCode())), template + ".supervisor", data));
        }
        stage(poll, event, drafts);
    }

    /**
     * 紧急程度调整: when a supervisor raises, lowers or confirms a case's urgency, the unit holding it is told the new level
     * and the date its running clock now ends, or it would work to the old one. Told like its assignment (交办通知): the
     * unit by its code, on the channels it registered. Not the petitioner: the level is the bureaus' internal priority
     * inside the statutory limits they were told of, which never get longer (docs/notifications.md).
     */
    public void tellUrgency(Poll poll, CloudEvent event, CaseEvents.UrgencyChanged change) {
        if (change.unitCode() == null || change.clock() == null) {
            // no unit works a clock on the case (not yet assigned, or escalated and waiting for the next unit): the
            // next unit's acceptance clock is the new level's from the start, and it hears of the case by its assignment
            Log.debugf("Urgency change %s of %s: no unit's clock runs, no one is told", event.id(), change.petitionId());
            return;
        }
        String petitionId = change.petitionId().toString();
        // the producer masks the reason; masked again here, as the text leaves the platform by email and webhook
        MessageData data = new MessageData.UrgencyChange(petitionId, change.trackingNumber(), change.urgency(),
                change.previousUrgency(), change.clock(), ChinaTime.dateInChina(change.dueAt()),
                change.dueAt().toInstant().isBefore(clock.instant()), Masks.identifyingNumbers(change.reason()),
                change.unitCode());
        stage(poll, event, List.of(new Draft(petitionId, RecipientKind.UNIT, change.unitCode(),
                "case.urgency-changed.unit", data)));
    }

    /**
     * 专班跟进提醒: the unit leading the dedicated team and the leader who set the follow-up date hear before it
     * falls due and again if it passes unreported.
     */
    public void remindFollowUp(Poll poll, CloudEvent event, CaseEvents.FollowUpDue followUp) {
        MessageData data = new MessageData.FollowUp(followUp.petitionId().toString(), followUp.trackingNumber(),
                followUp.stage(), ChinaTime.dateInChina(followUp.dueAt()), followUp.team(), followUp.followUpId());
        String petitionId = followUp.petitionId().toString();
        List<Draft> drafts = new ArrayList<>(2);
        if (followUp.unitCode() != null) {
            drafts.add(new Draft(petitionId, RecipientKind.UNIT, followUp.unitCode(), "case.follow-up-due.unit", data));
        }
        drafts.add(new Draft(petitionId, RecipientKind.LEADER, followUp.leader(), "case.follow-up-due.leader", data));
        stage(poll, event, drafts);
    }

    /**
     * 热点预警: the supervisors of the hot spot's city and its covering leader hear when it is detected, when it
     * grows and when it subsides. An event older than one already told (a lower sequence) is not told.
     *
     * <p>Recusal (回避) as for a case: when the petitions behind it accuse the city's government or a unit of the
     * city, the city is the accused and the alert goes one level up, to the province's supervisors and its covering
     * leader. A level the hot spot recuses is never told, even if that leaves no one (then it is logged).
     */
    public void alertHotspot(Poll poll, CloudEvent event, HotspotDetected hotspot) {
        String hotspotId = hotspot.hotspotId().toString();
        // what this poll's earlier events told counts as told: a later sequence before an earlier one in one poll
        Integer toldInPoll = poll.hotspotSequences.get(hotspotId);
        int told = toldInPoll != null ? toldInPoll : hotspots.toldSequence(hotspotId);
        if (hotspot.sequence() <= told) {
            return;
        }
        poll.hotspotSequences.put(hotspotId, hotspot.sequence());
        String province = CallerScope.province();
        if (!hotspot.countyCode().startsWith(province)) {
            // another deployment's hot spot (two provinces' services on one broker): its people are not ours to tell
            Log.warnf("Hot spot %s lies in %s, outside this deployment's province (%s); no one is told",
                    hotspotId, hotspot.countyCode(), province);
            poll.afterStored.add(() -> hotspots.told(hotspotId, hotspot.sequence()));
            return;
        }
        CaseScope recusal = CaseScope.of(hotspot.placeCode(), null, hotspot.accusedUnitCodes());
        String jurisdiction = Stream.of(hotspot.countyCode().substring(0, 4), province)
                .filter(level -> !recusal.recuses(level)).findFirst().orElse(null);
        if (jurisdiction == null) {
            Log.warnf("Hot spot %s (sequence %d) accuses every level that could be alerted; no one is told",
                    hotspotId, hotspot.sequence());
            poll.afterStored.add(() -> hotspots.told(hotspotId, hotspot.sequence()));
            return;
        }
        MessageData data = new MessageData.HotspotAlert(hotspot, jurisdiction);
        stage(poll, event, List.of(
                new Draft(null, RecipientKind.SUPERVISOR, RecipientKind.supervisorsOf(jurisdiction),
                        "hotspot.detected.supervisor", data),
                new Draft(null, RecipientKind.LEADER, coveringLeaders.getOrDefault(jurisdiction, "leader-" + jurisdiction),
                        "hotspot.detected.leader", data)));
        // recorded after the messages: a crash in between re-sends nothing (the unique index), it only retells
        poll.afterStored.add(() -> hotspots.told(hotspotId, hotspot.sequence()));
    }

    /** An operator sends a dead (or failed) message again; it keeps its history of attempts. */
    public Message resend(String messageId) {
        Message message = messages.find(messageId)
                .orElseThrow(() -> ProblemException.notFound("Message", "No message " + messageId));
        if (message.petitionId() != null && petitions.registered(message.petitionId()).map(Petition::isArchived)
                .orElse(false)) {
            throw ProblemException.conflict("case-archived", "Case archived",
                    "The message's case is archived: its text and recipient are removed, it is not sent again");
        }
        if (!message.status().isResendable()) {
            throw ProblemException.conflict("not-resendable", "Nothing to resend",
                    "The message is " + message.status() + "; only dead or failed messages are sent again");
        }
        Instant now = clock.instant();
        boolean held = message.leaseUntil() != null && message.leaseUntil().isAfter(now);
        // a retry has it right now (or takes it meanwhile): sending it again as well would send it twice
        Message reopened = (held ? java.util.Optional.<Message>empty() : messages.reopen(message, dispatcher.lease(now)))
                .orElseThrow(() -> ProblemException.conflict("being-sent", "Being sent",
                        "The message is being attempted right now; look at it again in a moment"));
        dispatcher.submit(reopened);
        return reopened;
    }

    /**
     * The petitioner behind a case. case.* events can overtake petition.registered (another topic):
     * such a step is parked and told when the registration arrives, so the partition never waits.
     */
    private String petitionerOf(Poll poll, CloudEvent event, String petitionId, Object step) {
        Petition prefetched = poll.registered.get(petitionId);
        if (prefetched != null) {
            return petitionerOf(prefetched);
        }
        var known = petitions.registered(petitionId);
        if (known.isPresent()) {
            return petitionerOf(known.get());
        }
        String payload;
        try {
            payload = mapper.writeValueAsString(step);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        // the step and the registration meet in the petition's document, whose writes happen one after the other:
        // if the registration is there after parking, it was written first and never saw the step, so it is told here
        String eventId = event.id().toString();
        Petition after = petitions.park(petitionId, new Petition.ParkedStep(eventId, event.type(), payload, clock.instant()));
        String ref = after == null ? null : after.petitionerRef();
        if (ref != null) {
            petitions.unpark(petitionId, List.of(eventId));
        }
        return ref;
    }

    /** Whom a registered petition's steps are told to: no one once its case is archived (ArchivedCases). */
    private static String petitionerOf(Petition registered) {
        return registered.isArchived() ? null : registered.petitionerRef();
    }

    /** One recipient's message about an event, before it is routed to its channels and rendered. */
    record Draft(String petitionId, RecipientKind recipientKind, String recipientRef, String template,
                 MessageData data) {
    }

    /** A draft on one of its channels: one message, once rendered. */
    private record Routed(CloudEvent event, Draft draft, Channel channel, Map<String, Object> templateData,
                          TraceContext trace) {

        Texts.Request request() {
            return new Texts.Request(draft.template(), channel, templateData);
        }

        Message toMessage(Texts.Rendered rendered, Instant now, Instant leaseUntil) {
            // a letter keeps what it is rendered again with when it is sent: the decision's text joins it then
            Map<String, Object> letterData = channel == Channel.LETTER ? new HashMap<>(templateData) : null;
            return Message.claimedNew(event.id().toString(), event.type(), draft.petitionId(), draft.recipientKind(),
                    draft.recipientRef(), channel, draft.template(), rendered.version(), rendered.subject(),
                    rendered.text(), letterData, now, leaseUntil, trace);
        }
    }

    private static void stage(Poll poll, CloudEvent event, List<Draft> drafts) {
        if (!drafts.isEmpty()) {
            // the event's consumer span (NotificationConsumers) is current while it is applied
            poll.staged.add(new Poll.Staged(event, List.copyOf(drafts), TraceContext.current()));
        }
    }

    /** Stores the messages of one event now (the daily digest): a poll of its own. */
    void send(CloudEvent event, List<Draft> drafts) {
        Poll poll = new Poll();
        stage(poll, event, drafts);
        flush(poll);
    }

    /**
     * Writes what a poll's events left and hands their messages to the dispatcher as they are, already claimed by this
     * worker: the cases' new units in one ordered bulk write; the organisations' channels in one read; the versions in
     * use of the templates in one read; the messages and their retry pointers in two inserts; then what waited for the
     * messages (parked steps told, hot-spot sequences). Safe to call again after it failed: every write is idempotent
     * or kept to once by a unique index.
     */
    public void flush(Poll poll) {
        List<Poll.Staged> all = new ArrayList<>(poll.staged);
        List<Runnable> afterStored = new ArrayList<>(poll.afterStored);
        if (!poll.registrations.isEmpty()) {
            // the steps parked for these petitions, told into a poll of their own: a flush tried again tells them again
            Poll parked = new Poll();
            Map<String, Petition> registered = petitions.registerAll(poll.registrations);
            Map<String, TraceContext> traces = registrationTraces(poll);
            Set<String> archived = new java.util.HashSet<>();
            for (Petitions.Registration registration : poll.registrations) {
                Petition petition = registered.get(registration.petitionId());
                if (petition != null && petition.isArchived()) {
                    // the registration of a case archived since (replayed from the dead-letter topic): it tells no
                    // one, and the petitioner's reference it wrote back goes again (checked after the write, which
                    // keeps the usual registration one unconditional write by id)
                    archived.add(petition.id());
                    petitions.archive(petition.id(), petition.archivedAt());
                    continue;
                }
                if (petition != null && !petition.parked().isEmpty()) {
                    // told in the registration's trace (the petition's, as the parked steps were): flushing runs
                    // after the events' consumer spans have ended
                    TraceContext trace = traces.get(registration.petitionId());
                    try (var ignored = trace == null ? io.opentelemetry.context.Scope.noop()
                            : trace.context().makeCurrent()) {
                        tellParked(parked, petition);
                    }
                }
            }
            if (!archived.isEmpty()) {
                all = withoutPetitions(all, archived);
            }
            all.addAll(parked.staged);
            afterStored.addAll(0, parked.afterStored);
        }
        if (!poll.units.isEmpty()) {
            petitions.assignUnits(poll.units.stream()
                    .map(u -> new Petitions.UnitChange(u.petitionId(), u.unitCode(), u.unitName())).toList());
        }
        Set<String> organisations = new java.util.LinkedHashSet<>();
        for (Poll.Staged staged : all) {
            for (Draft draft : staged.drafts()) {
                if (draft.recipientKind() != RecipientKind.PETITIONER) {
                    organisations.add(draft.recipientRef());
                }
            }
        }
        Map<String, Recipient> registeredChannels = router.organisations(organisations);
        List<Routed> routed = new ArrayList<>();
        for (Poll.Staged staged : all) {
            for (Draft draft : staged.drafts()) {
                for (Channel channel : router.channelsFor(draft.recipientKind(), draft.recipientRef(),
                        TemplateCatalog.find(draft.template()).orElseThrow(), registeredChannels)) {
                    routed.add(new Routed(staged.event(), draft, channel, draft.data().toTemplateData(),
                            staged.trace()));
                }
            }
        }
        if (!routed.isEmpty()) {
            store(routed);
        }
        for (Runnable after : afterStored) {
            after.run();
        }
    }

    /** The staged messages but those about these petitions. */
    private static List<Poll.Staged> withoutPetitions(List<Poll.Staged> staged, Set<String> petitionIds) {
        List<Poll.Staged> kept = new ArrayList<>(staged.size());
        for (Poll.Staged one : staged) {
            List<Draft> drafts = one.drafts().stream().filter(d -> !petitionIds.contains(d.petitionId())).toList();
            if (!drafts.isEmpty()) {
                kept.add(new Poll.Staged(one.event(), drafts, one.trace()));
            }
        }
        return kept;
    }

    /** The trace each registration of the poll was applied in, by petition (from its staged receipt). */
    private static Map<String, TraceContext> registrationTraces(Poll poll) {
        Map<String, TraceContext> traces = new HashMap<>();
        for (Poll.Staged staged : poll.staged) {
            if (staged.trace() != null && PetitionRegistered.TYPE.equals(staged.event().type())) {
                for (Draft draft : staged.drafts()) {
                    if (draft.petitionId() != null) {
                        traces.putIfAbsent(draft.petitionId(), staged.trace());
                    }
                }
            }
        }
        return traces;
    }

    private void store(List<Routed> routed) {
        Instant now = clock.instant();
        Instant leaseUntil = dispatcher.lease(now);
        List<Message> stored = texts.render(routed, Routed::request,
                (message, rendered) -> message.toMessage(rendered, now, leaseUntil));
        Set<String> storedBefore = messages.storeClaimed(stored).stream().map(Message::id).collect(Collectors.toSet());
        for (Message message : stored) {
            if (!storedBefore.contains(message.id())) {
                dispatcher.submit(message);
                continue;
            }
            Message existing = messages.find(message.eventId(), message.recipientRef(), message.channel()).orElseThrow();
            if (existing.status() != MessageStatus.PENDING) {
                continue; // sent (or being retried) already: a redelivered event sends nothing
            }
            // stored, then the service died before sending: send now, unless a worker still holds it
            messages.ensurePointer(existing);
            dispatcher.dispatch(existing);
        }
    }
}

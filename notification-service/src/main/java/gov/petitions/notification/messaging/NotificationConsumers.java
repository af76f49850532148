package gov.petitions.notification.messaging;

import gov.petitions.notification.service.Notifier;
import gov.petitions.platform.events.CloudEvent;
import gov.petitions.platform.events.EventReader;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Channel = topic with '-' for '.' (MicroProfile Config reads dots as separators). */
@ApplicationScoped
public class NotificationConsumers {

    private final EventReader reader;
    private final Notifier notifier;

    public NotificationConsumers(EventReader reader, Notifier notifier) {
        this.reader = reader;
        this.notifier = notifier;
    }

    @Incoming("petition-registered")
    @Blocking
    public void onPetitionRegistered(ConsumerRecord<String, String> record) {
        CloudEvent event = CloudEvent.read(record, PetitionRegistered.TYPE);
        PetitionRegistered petition = reader.read(record, PetitionRegistered.class);
        notifier.sendReceipt(event, petition);
    }

    @Incoming("case-assigned")
    @Blocking
    public void onCaseAssigned(ConsumerRecord<String, String> record) {
        CloudEvent event = CloudEvent.read(record, CaseEvents.Assigned.TYPE);
        CaseEvents.Assigned assigned = reader.read(record, CaseEvents.Assigned.class);
        notifier.tellForwarded(event, assigned);
    }

    @Incoming("case-deadline-warning")
    @Blocking
    public void onDeadlineWarning(ConsumerRecord<String, String> record) {
        CloudEvent event = CloudEvent.read(record, CaseEvents.Deadline.WARNING_TYPE);
        notifier.tellDeadline(event, reader.read(record, CaseEvents.Deadline.class), false);
    }

    @Incoming("case-deadline-breached")
    @Blocking
    public void onDeadlineBreached(ConsumerRecord<String, String> record) {
        CloudEvent event = CloudEvent.read(record, CaseEvents.Deadline.BREACHED_TYPE);
        notifier.tellDeadline(event, reader.read(record, CaseEvents.Deadline.class), true);
    }

    @Incoming("case-status-changed")
    @Blocking
    public void onStatusChanged(ConsumerRecord<String, String> record) {
        CloudEvent event = CloudEvent.read(record, CaseEvents.StatusChanged.TYPE);
        CaseEvents.StatusChanged change = reader.read(record, CaseEvents.StatusChanged.class);
        notifier.tellStep(event, change);
    }

    @Incoming("case-follow-up-due")
    @Blocking
    public void onFollowUpDue(ConsumerRecord<String, String> record) {
        CloudEvent event = CloudEvent.read(record, CaseEvents.FollowUpDue.TYPE);
        notifier.remindFollowUp(event, reader.read(record, CaseEvents.FollowUpDue.class));
    }

    @Incoming("hotspot-detected")
    @Blocking
    public void onHotspot(ConsumerRecord<String, String> record) {
        CloudEvent event = CloudEvent.read(record, HotspotDetected.TYPE);
        notifier.alertHotspot(event, reader.read(record, HotspotDetected.class));
    }
}

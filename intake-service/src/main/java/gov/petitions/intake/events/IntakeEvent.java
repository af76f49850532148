package gov.petitions.intake.events;

import gov.petitions.platform.outbox.DomainEvent;

/**
 * An event intake publishes: it knows its topic, CloudEvents type and schema (contracts/events), so publishing is
 * {@code events.publish(event)} ({@link IntakeEvents}). The petition is the record key and the CloudEvents subject.
 */
public interface IntakeEvent extends DomainEvent.OfPetition {
}

package gov.petitions.intake.events;

import com.fasterxml.jackson.annotation.JsonIgnore;

import java.util.UUID;

/**
 * An event intake publishes: it knows its topic, CloudEvents type and schema (contracts/events), so publishing is
 * {@code events.publish(event)} ({@link IntakeEvents}). The petition is the record key and the CloudEvents subject.
 */
public interface IntakeEvent {

    @JsonIgnore
    String topic();

    @JsonIgnore
    String type();

    @JsonIgnore
    String dataSchema();

    UUID petitionId();
}

package gov.petitions.platform.outbox;

import com.fasterxml.jackson.annotation.JsonIgnore;

import java.util.UUID;

/**
 * An event a service records through the {@link Outbox} with {@code outbox.record(event)}: it knows its topic, its
 * CloudEvents type, its record key and the {@code $id} of its data's schema (contracts/events), and it is its own data.
 * The record's value is the event serialized, so these four are never part of it: a record implementing this must not
 * have components of these names.
 */
public interface DomainEvent {

    /** The Kafka topic, a channel of contracts/asyncapi.yaml, e.g. {@code case.urged}. */
    @JsonIgnore
    String topic();

    /** The CloudEvents type, e.g. {@code gov.petition.case.urged.v1}. */
    @JsonIgnore
    String type();

    /** The record key and CloudEvents subject. */
    @JsonIgnore
    String key();

    /** The {@code $id} of the data's JSON Schema ({@code ce_dataschema}), or null. */
    @JsonIgnore
    String dataSchema();

    /**
     * An event of one petition: keyed by the petition id, so that the petition's events stay in order on one
     * partition (the contracts' rule: key = ce_subject = petition id).
     */
    interface OfPetition extends DomainEvent {

        UUID petitionId();

        @Override
        default String key() {
            return petitionId().toString();
        }
    }
}

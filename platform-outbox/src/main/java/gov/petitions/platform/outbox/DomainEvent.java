package gov.petitions.platform.outbox;

import com.fasterxml.jackson.annotation.JsonIgnore;

import java.util.UUID;

/**
 * An event a service records through the {@link Outbox} with {@code outbox.record(event)}: it knows its topic, its
 * CloudEvents type, its record key and the {@code $id} of its data's schema (contracts/events), and it is its own data.
 * The record's value is the event serialized, so these four are never part of it: a record implementing this must not
 * have components of these names.
 *
 * <p>An event of contracts/ says which one it is with {@link EventContract}, and its topic, type and schema follow;
 * only an event outside the contracts' naming (a test's) overrides the three methods.
 */
public interface DomainEvent {

    /** The {@code $id} of every schema of contracts/events is this and the file's name. */
    String SCHEMAS = "https://petitions.gov.example/contracts/events/";

    /** The Kafka topic, a channel of contracts/asyncapi.yaml, e.g. {@code case.urged}. */
    @JsonIgnore
    default String topic() {
        return contractOf(getClass()).value();
    }

    /** The CloudEvents type, e.g. {@code gov.petition.case.urged.v1}. */
    @JsonIgnore
    default String type() {
        EventContract contract = contractOf(getClass());
        return type(contract.value(), contract.version());
    }

    /** The record key and CloudEvents subject. */
    @JsonIgnore
    String key();

    /** The {@code $id} of the data's JSON Schema ({@code ce_dataschema}), or null. */
    @JsonIgnore
    default String dataSchema() {
        EventContract contract = contractOf(getClass());
        return dataSchema(contract.value(), contract.version());
    }

    /** The CloudEvents type of a version of an event: {@code gov.petition.<event>.v<n>}. */
    static String type(String event, int version) {
        return "gov.petition." + event + ".v" + version;
    }

    /** The {@code $id} of a version of an event's schema, contracts/events/{@code <event>.v<n>.schema.json}. */
    static String dataSchema(String event, int version) {
        return SCHEMAS + event + ".v" + version + ".schema.json";
    }

    private static EventContract contractOf(Class<?> event) {
        EventContract contract = event.getAnnotation(EventContract.class);
        if (contract == null) {
            // a programming error the first test recording the event shows: nothing can be published without these
            throw new IllegalStateException(event.getName() + " names no @EventContract and does not override topic(),"
                    + " type() and dataSchema()");
        }
        return contract;
    }

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

package gov.petitions.platform.outbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.Transactional;
import jakarta.transaction.TransactionSynchronizationRegistry;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

/**
 * Where domain code records the events its change causes. Must be called inside the transaction of
 * that change: the row and the change commit together or not at all (never "saved but not told").
 */
@ApplicationScoped
public class Outbox {

    private final ObjectMapper mapper;
    private final jakarta.persistence.EntityManager entityManager;
    private final TransactionSynchronizationRegistry transactions;
    private final OutboxRelay relay;

    public Outbox(ObjectMapper mapper, jakarta.persistence.EntityManager entityManager, TransactionSynchronizationRegistry transactions, OutboxRelay relay) {
        this.mapper = mapper;
        this.entityManager = entityManager;
        this.transactions = transactions;
        this.relay = relay;
    }

    /**
     * @param topic    the Kafka topic (see contracts/asyncapi.yaml)
     * @param type     the CloudEvents type, e.g. {@code gov.petition.case.assigned.v1}
     * @param petitionId the record key and CloudEvents subject
     * @return the event id
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public UUID record(String topic, String type, String petitionId, Object data, String dataSchema) {
        OutboxEvent event = new OutboxEvent();
        event.eventId = UUID.randomUUID();
        event.topic = topic;
        event.eventType = type;
        event.recordKey = petitionId;
        event.subject = petitionId;
        event.dataSchema = dataSchema;
        event.occurredAt = OffsetDateTime.now(ZoneOffset.UTC);
        try {
            event.payload = mapper.writeValueAsString(data);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("event data cannot be serialized: " + type, e);
        }
        entityManager.persist(event);
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
            }

            @Override
            public void afterCompletion(int status) {
                if (status == Status.STATUS_COMMITTED) {
                    relay.wakeUp();
                }
            }
        });
        return event.eventId;
    }
}

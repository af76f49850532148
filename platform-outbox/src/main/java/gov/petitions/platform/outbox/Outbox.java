package gov.petitions.platform.outbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import gov.petitions.platform.events.TraceContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.Transactional;
import jakarta.transaction.TransactionSynchronizationRegistry;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
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
    private final Clock clock;

    public Outbox(ObjectMapper mapper, jakarta.persistence.EntityManager entityManager,
                  TransactionSynchronizationRegistry transactions, OutboxRelay relay, Clock clock) {
        this.mapper = mapper;
        this.clock = clock;
        this.entityManager = entityManager;
        this.transactions = transactions;
        this.relay = relay;
    }

    /**
     * Records the event under its own topic, type, key and schema, with itself as the data (see {@link DomainEvent}).
     *
     * @return the event id
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public UUID record(DomainEvent event) {
        return record(event.topic(), event.type(), event.key(), event, event.dataSchema());
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
        // the one clock (China's zone, so ce_time carries +08:00); microseconds, as PostgreSQL keeps them, so the
        // time in the event is exactly the time in the row
        event.occurredAt = OffsetDateTime.now(clock).truncatedTo(ChronoUnit.MICROS);
        try {
            event.payload = mapper.writeValueAsString(data);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("event data cannot be serialized: " + type, e);
        }
        // the span current now (the request's, or the consumer span of the event being applied) goes with the row
        TraceContext trace = TraceContext.current();
        if (trace != null) {
            event.traceParent = trace.traceParent();
            event.traceState = trace.traceState();
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

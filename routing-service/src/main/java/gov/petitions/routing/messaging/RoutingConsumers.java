package gov.petitions.routing.messaging;

import gov.petitions.routing.events.EscalationRequested;
import gov.petitions.routing.events.PetitionRegistered;

import gov.petitions.platform.inbox.IdempotentConsumer;
import gov.petitions.routing.service.CaseRouter;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.util.concurrent.CompletionStage;

import static gov.petitions.platform.inbox.IdempotentConsumer.Writes.TOGETHER;

/**
 * Channel names are the topic names with '-' for '.', because MicroProfile Config reads dots in a
 * channel name as key separators; each channel's topic is set explicitly in application.properties.
 */
@ApplicationScoped
public class RoutingConsumers {

    static final String CONSUMER = "routing-service";

    private final IdempotentConsumer inbox;
    private final CaseRouter router;

    public RoutingConsumers(IdempotentConsumer inbox, CaseRouter router) {
        this.inbox = inbox;
        this.router = router;
    }

    /**
     * Batches (batch=true): a poll's worth of new petitions is routed in one transaction, its assignments and events
     * written together (JDBC batches; the check for a replay reads without flushing, {@code Assignment.routedBefore}).
     */
    @Incoming("petition-registered")
    @Blocking
    public CompletionStage<Void> onPetitionsRegistered(KafkaRecordBatch<String, String> batch) {
        return inbox.consumeBatch(batch, CONSUMER, PetitionRegistered.TYPE, PetitionRegistered.class, TOGETHER,
                (event, petition) -> router.routeNew(petition));
    }

    @Incoming("case-escalation-requested")
    @Blocking
    public void onEscalationRequested(ConsumerRecord<String, String> record) {
        inbox.consume(record, CONSUMER, EscalationRequested.TYPE, EscalationRequested.class,
                (event, request) -> router.escalate(request));
    }
}

package gov.petitions.routing.messaging;

import gov.petitions.platform.inbox.IdempotentConsumer;
import gov.petitions.routing.service.CaseRouter;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

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

    @Incoming("petition-registered")
    @Blocking
    public void onPetitionRegistered(ConsumerRecord<String, String> record) {
        inbox.consume(record, CONSUMER, PetitionRegistered.TYPE, PetitionRegistered.class,
                (event, petition) -> router.routeNew(petition));
    }

    @Incoming("case-escalation-requested")
    @Blocking
    public void onEscalationRequested(ConsumerRecord<String, String> record) {
        inbox.consume(record, CONSUMER, EscalationRequested.TYPE, EscalationRequested.class,
                (event, request) -> router.escalate(request));
    }
}

package gov.petitions.supervision.messaging;

import gov.petitions.platform.inbox.IdempotentConsumer;
import gov.petitions.supervision.service.CaseLedger;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Channel = topic with '-' for '.' (MicroProfile Config reads dots as separators). */
@ApplicationScoped
public class SupervisionConsumers {

    static final String CONSUMER = "supervision-service";

    private final IdempotentConsumer inbox;
    private final CaseLedger ledger;

    public SupervisionConsumers(IdempotentConsumer inbox, CaseLedger ledger) {
        this.inbox = inbox;
        this.ledger = ledger;
    }

    @Incoming("petition-registered")
    @Blocking
    public void onPetitionRegistered(ConsumerRecord<String, String> record) {
        inbox.consume(record, CONSUMER, PetitionRegistered.TYPE, PetitionRegistered.class,
                (event, petition) -> ledger.open(petition));
    }

    @Incoming("case-assigned")
    @Blocking
    public void onCaseAssigned(ConsumerRecord<String, String> record) {
        inbox.consume(record, CONSUMER, CaseAssigned.TYPE, CaseAssigned.class,
                (event, assigned) -> ledger.assign(assigned));
    }
}

package gov.petitions.supervision.messaging;

import gov.petitions.supervision.events.CaseAssigned;
import gov.petitions.supervision.events.PetitionRegistered;

import gov.petitions.platform.inbox.IdempotentConsumer;
import gov.petitions.supervision.service.CaseLedger;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.util.concurrent.CompletionStage;

import static gov.petitions.platform.inbox.IdempotentConsumer.Writes.TOGETHER;

/**
 * Channel = topic with '-' for '.' (MicroProfile Config reads dots as separators). Both channels consume in
 * batches (batch=true): a poll's worth of events is applied in one transaction, and its rows of a kind go to the
 * database as one JDBC batch ({@code TOGETHER}: the ledger's reads of a poll never flush; TimelineChainCostTest).
 */
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
    public CompletionStage<Void> onPetitionsRegistered(KafkaRecordBatch<String, String> batch) {
        return inbox.consumeBatch(batch, CONSUMER, PetitionRegistered.TYPE, PetitionRegistered.class, TOGETHER,
                (event, petition) -> ledger.open(petition));
    }

    @Incoming("case-assigned")
    @Blocking
    public CompletionStage<Void> onCasesAssigned(KafkaRecordBatch<String, String> batch) {
        return inbox.consumeBatch(batch, CONSUMER, CaseAssigned.TYPE, CaseAssigned.class, TOGETHER,
                (event, assigned) -> ledger.assign(assigned));
    }
}

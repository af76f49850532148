package gov.petitions.intake.messaging;

import gov.petitions.intake.events.CaseArchived;
import gov.petitions.intake.service.PetitionArchiving;
import gov.petitions.platform.events.PoisonEventException;
import gov.petitions.platform.inbox.IdempotentConsumer;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * supervision's case.archived (docs/registration.md, "Archived petitions"): the petition's personal data is removed by
 * {@link PetitionArchiving}. Once per event id through the inbox (processed_event, in the transaction of the removal);
 * a record that is not a valid case.archived goes to intake-service.dlq (the channel's dead-letter strategy) and
 * removes nothing. One record at a time: a case is archived once, years after it closed, so there is no volume to
 * batch, and a bad record then costs no neighbour a retry.
 */
@ApplicationScoped
public class CaseArchivedConsumer {

    static final String CONSUMER = "intake-service.case-archived";

    private final IdempotentConsumer inbox;
    private final PetitionArchiving archiving;

    public CaseArchivedConsumer(IdempotentConsumer inbox, PetitionArchiving archiving) {
        this.inbox = inbox;
        this.archiving = archiving;
    }

    @Incoming("case-archived")
    @Blocking
    public void onCaseArchived(ConsumerRecord<String, String> record) {
        inbox.consume(record, CONSUMER, CaseArchived.TYPE, CaseArchived.class, (event, archived) -> {
            // the record key is the petition id (the contract): a record keyed otherwise is not what it says it is
            if (!archived.petitionId().toString().equals(record.key())) {
                throw new PoisonEventException("record key is not the event's petitionId");
            }
            archiving.archive(archived);
        });
    }
}

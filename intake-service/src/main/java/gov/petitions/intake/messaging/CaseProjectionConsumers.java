package gov.petitions.intake.messaging;

import io.smallrye.reactive.messaging.annotations.Blocking;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.util.concurrent.CompletionStage;

/**
 * Search's read model of the case's unit and state (docs/registration.md, "Search"), fed from routing's and
 * supervision's topics. Channel = topic with '-' for '.'; both consume in batches, a poll per transaction.
 */
@ApplicationScoped
public class CaseProjectionConsumers {

    private final CaseProjectionFeed feed;

    public CaseProjectionConsumers(CaseProjectionFeed feed) {
        this.feed = feed;
    }

    @Incoming("case-assigned")
    @Blocking
    public CompletionStage<Void> onCasesAssigned(KafkaRecordBatch<String, String> batch) {
        return feed.consume(batch);
    }

    @Incoming("case-status-changed")
    @Blocking
    public CompletionStage<Void> onStatusChanges(KafkaRecordBatch<String, String> batch) {
        return feed.consume(batch);
    }
}

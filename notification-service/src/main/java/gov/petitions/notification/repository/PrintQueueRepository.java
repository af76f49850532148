package gov.petitions.notification.repository;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import gov.petitions.notification.service.DeliveryChannel;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.bson.Document;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;

/** Letters waiting to be printed and posted; one per letter message (its id), so a retry queues nothing twice. */
@ApplicationScoped
public class PrintQueueRepository {

    private final MongoCollection<Document> letters;

    public PrintQueueRepository(MongoClient client, @ConfigProperty(name = "quarkus.mongodb.database") String database) {
        this.letters = client.getDatabase(database).getCollection("print_queue");
    }

    void createIndexes(@Observes StartupEvent startup) {
        letters.createIndex(Indexes.ascending("status"), new IndexOptions().name("by_status"));
    }

    public void enqueue(DeliveryChannel.Outgoing message, String maskedAddressee) {
        letters.replaceOne(Filters.eq("_id", message.messageId()), new Document("_id", message.messageId())
                        .append("petitionId", message.petitionId())
                        .append("recipientRef", message.recipientRef())
                        .append("template", message.template())
                        .append("title", message.subject())
                        .append("text", message.text())
                        .append("addresseeMasked", maskedAddressee)
                        .append("status", "QUEUED")
                        .append("queuedAt", new Date()),
                new ReplaceOptions().upsert(true));
    }

    public List<Document> byStatus(String status, int limit) {
        return letters.find(Filters.eq("status", status)).sort(Sorts.ascending("queuedAt")).limit(limit)
                .into(new ArrayList<>());
    }

    public Optional<Document> find(String letterId) {
        return Optional.ofNullable(letters.find(Filters.eq("_id", letterId)).first());
    }

    public boolean markPrinted(String letterId, String by) {
        return letters.updateOne(Filters.and(Filters.eq("_id", letterId), Filters.eq("status", "QUEUED")),
                Updates.combine(Updates.set("status", "PRINTED"), Updates.set("printedAt", new Date()),
                        Updates.set("printedBy", by))).getModifiedCount() > 0;
    }
}

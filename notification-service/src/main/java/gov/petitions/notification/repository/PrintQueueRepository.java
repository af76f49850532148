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
import gov.petitions.platform.security.CaseScope;
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

    private final java.time.Clock clock;

    private final MongoCollection<Document> letters;
    private final MongoCollection<Document> downloads;

    public PrintQueueRepository(MongoClient client, @ConfigProperty(name = "quarkus.mongodb.database") String database,
                              java.time.Clock clock) {
        this.clock = clock;
        this.letters = client.getDatabase(database).getCollection("print_queue");
        this.downloads = client.getDatabase(database).getCollection("print_downloads");
    }

    void createIndexes(@Observes StartupEvent startup) {
        letters.createIndex(Indexes.ascending("status"), new IndexOptions().name("by_status"));
        downloads.createIndex(Indexes.ascending("letterId"), new IndexOptions().name("by_letter"));
    }

    /** @param scope where the petition is and whom it accuses; null if unknown (then only whole-province readers see it) */
    public void enqueue(DeliveryChannel.Outgoing message, String maskedAddressee, CaseScope scope) {
        letters.replaceOne(Filters.eq("_id", message.messageId()), new Document("_id", message.messageId())
                        .append("petitionId", message.petitionId())
                        .append("locationCode", scope == null ? null : scope.locationCode())
                        .append("accusedUnitCodes", scope == null ? List.of() : List.copyOf(scope.accusedUnitCodes()))
                        .append("recipientRef", message.recipientRef())
                        .append("template", message.template())
                        .append("title", message.subject())
                        .append("text", message.text())
                        .append("addresseeMasked", maskedAddressee)
                        .append("status", "QUEUED")
                        .append("queuedAt", Date.from(clock.instant())),
                new ReplaceOptions().upsert(true));
    }

    /**
     * The letters of a status whose petition lies within a division subtree ({@code 34} for the whole province).
     *
     * @param subtree digits only (a division code), checked by the caller's scope
     */
    public List<Document> byStatus(String status, String subtree, int limit) {
        if (!subtree.matches("^[0-9]{2,12}$")) {
            return List.of();
        }
        return letters.find(Filters.and(Filters.eq("status", status), Filters.regex("locationCode", "^" + subtree)))
                .sort(Sorts.ascending("queuedAt")).limit(limit).into(new ArrayList<>());
    }

    /** The scope of a letter's petition, as stored with the letter; null for a letter whose petition's location was not known when it was queued. */
    public static CaseScope scopeOf(Document letter) {
        if (letter.getString("locationCode") == null) {
            return null;
        }
        return CaseScope.of(letter.getString("locationCode"), null, letter.getList("accusedUnitCodes", String.class, List.of()));
    }

    /**
     * Who downloaded which letter, when, for which petition: the clear name and address are in that PDF. Intake's
     * audit of the contact read names only this service; this record names the person. It never holds the contact.
     */
    public void recordDownload(String letterId, String petitionId, String downloadedBy) {
        downloads.insertOne(new Document("_id", java.util.UUID.randomUUID().toString()).append("letterId", letterId)
                .append("petitionId", petitionId).append("downloadedBy", downloadedBy).append("downloadedAt", Date.from(clock.instant())));
    }

    public List<Document> downloadsOf(String letterId) {
        return downloads.find(Filters.eq("letterId", letterId)).sort(Sorts.ascending("downloadedAt")).into(new ArrayList<>());
    }

    public Optional<Document> find(String letterId) {
        return Optional.ofNullable(letters.find(Filters.eq("_id", letterId)).first());
    }

    public boolean markPrinted(String letterId, String by) {
        return letters.updateOne(Filters.and(Filters.eq("_id", letterId), Filters.eq("status", "QUEUED")),
                Updates.combine(Updates.set("status", "PRINTED"), Updates.set("printedAt", Date.from(clock.instant())),
                        Updates.set("printedBy", by))).getModifiedCount() > 0;
    }
}

package gov.petitions.notification.repository;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import gov.petitions.notification.domain.PrintStatus;
import gov.petitions.notification.service.DeliveryChannel;
import gov.petitions.platform.security.CaseScope;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static gov.petitions.notification.repository.Mapping.ID;
import static gov.petitions.notification.repository.Mapping.date;

/** Letters waiting to be printed and posted; one per letter message (its id), so a retry queues nothing twice. */
@ApplicationScoped
public class PrintQueueRepository {

    private final java.time.Clock clock;

    private final MongoCollection<QueuedLetter> letters;
    private final MongoCollection<LetterDownload> downloads;

    public PrintQueueRepository(MongoClient client, @ConfigProperty(name = "quarkus.mongodb.database") String database,
                              java.time.Clock clock) {
        this.clock = clock;
        MongoDatabase db = client.getDatabase(database);
        this.letters = new QueuedLetterCodec().collection(db, "print_queue");
        this.downloads = new LetterDownloadCodec().collection(db, "print_downloads");
    }

    void createIndexes(@Observes StartupEvent startup) {
        letters.createIndex(Indexes.ascending(QueuedLetterCodec.STATUS), new IndexOptions().name("by_status"));
        downloads.createIndex(Indexes.ascending(LetterDownloadCodec.LETTER_ID), new IndexOptions().name("by_letter"));
        letters.createIndex(Indexes.ascending(QueuedLetterCodec.PETITION_ID), new IndexOptions().name("by_petition"));
    }

    /**
     * The petition's case is archived: its letters not yet printed go (no one can address them any more, and the
     * letter's message keeps its delivery); those printed keep when and by whom, their title and text replaced by
     * {@code marker}, without the addressee or the petitioner's reference. Idempotent.
     */
    public void archive(String petitionId, String marker) {
        letters.deleteMany(Filters.and(Filters.eq(QueuedLetterCodec.PETITION_ID, petitionId),
                Filters.eq(QueuedLetterCodec.STATUS, PrintStatus.QUEUED.name())));
        letters.updateMany(Filters.eq(QueuedLetterCodec.PETITION_ID, petitionId), Updates.combine(
                Updates.set(QueuedLetterCodec.TITLE, marker), Updates.set(QueuedLetterCodec.TEXT, marker),
                Updates.unset(QueuedLetterCodec.ADDRESSEE_MASKED), Updates.unset(QueuedLetterCodec.RECIPIENT_REF)));
    }

    /** @param scope where the petition is and whom it accuses; null if unknown (then only whole-province readers see it) */
    public void enqueue(DeliveryChannel.Outgoing message, String maskedAddressee, CaseScope scope) {
        QueuedLetter letter = new QueuedLetter(message.messageId(), message.petitionId(),
                scope == null ? null : scope.locationCode(), scope == null ? List.of() : List.copyOf(scope.accusedUnitCodes()),
                message.recipientRef(), message.template(), message.subject(), message.text(), maskedAddressee,
                PrintStatus.QUEUED, clock.instant(), null, null);
        letters.replaceOne(Filters.eq(ID, letter.id()), letter, new ReplaceOptions().upsert(true));
    }

    /**
     * The letters of a status whose petition lies within a division subtree ({@code 34} for the whole province).
     *
     * @param subtree digits only (a division code), checked by the caller's scope
     */
    public List<QueuedLetter> byStatus(PrintStatus status, String subtree, int limit) {
        if (!subtree.matches("^[0-9]{2,12}$")) {
            return List.of();
        }
        return letters.find(Filters.and(Filters.eq(QueuedLetterCodec.STATUS, status.name()),
                        Filters.regex(QueuedLetterCodec.LOCATION_CODE, "^" + subtree)))
                .sort(Sorts.ascending(QueuedLetterCodec.QUEUED_AT)).limit(limit).into(new ArrayList<>());
    }

    /**
     * Who downloaded which letter, when, for which petition: the clear name and address are in that PDF. Intake's
     * audit of the contact read names only this service; this record names the person. It never holds the contact.
     */
    public void recordDownload(String letterId, String petitionId, String downloadedBy) {
        downloads.insertOne(new LetterDownload(UUID.randomUUID().toString(), letterId, petitionId, downloadedBy,
                clock.instant()));
    }

    public List<LetterDownload> downloadsOf(String letterId) {
        return downloads.find(Filters.eq(LetterDownloadCodec.LETTER_ID, letterId))
                .sort(Sorts.ascending(LetterDownloadCodec.DOWNLOADED_AT)).into(new ArrayList<>());
    }

    public Optional<QueuedLetter> find(String letterId) {
        return Optional.ofNullable(letters.find(Filters.eq(ID, letterId)).first());
    }

    public boolean markPrinted(String letterId, String by) {
        return letters.updateOne(Filters.and(Filters.eq(ID, letterId), Filters.eq(QueuedLetterCodec.STATUS, PrintStatus.QUEUED.name())),
                Updates.combine(Updates.set(QueuedLetterCodec.STATUS, PrintStatus.PRINTED.name()),
                        Updates.set(QueuedLetterCodec.PRINTED_AT, date(clock.instant())),
                        Updates.set(QueuedLetterCodec.PRINTED_BY, by))).getModifiedCount() > 0;
    }
}

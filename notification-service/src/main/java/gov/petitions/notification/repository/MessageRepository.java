package gov.petitions.notification.repository;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoWriteException;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.DeleteOneModel;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.InsertManyOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
import gov.petitions.platform.security.CaseScope;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Messages in MongoDB. Uses only what both real MongoDB and the local wire stand-in (mongo-java-server) support:
 * single-document atomic updates, unique (and sparse unique) indexes, unordered insertMany and bulkWrite, simple
 * finds and $set/$unset/$push/$max updates. No multi-document transactions: exactly-once rests on the unique index.
 *
 * <p>The stand-in uses an index only when a filter names exactly that index's fields, and scans the collection
 * otherwise. So every hot-path filter here is either {@code _id} alone or {@code claim} alone:
 * <ul>
 *   <li>{@code claim} is a version stamp of who may work on a message. Every write that changes who holds it, or
 *   when, replaces it with a fresh random value; a conditional write on the value one read is therefore a
 *   compare-and-set on the whole claim, and it hits the sparse unique index {@code by_claim}.</li>
 *   <li>A message is stored already claimed by the worker that stored it ({@code claim} + {@code leaseUntil}),
 *   which sends it from memory: no separate schedule, claim or re-read.</li>
 *   <li>{@code retries} holds one small pointer per active message (stored, failing, or with an outcome not yet
 *   told on Kafka), due when someone must look at it: the end of a lease (a worker died) or the next attempt. The
 *   retry scan reads only these pointers, never the message history; a pointer goes once the final outcome is
 *   told, so "recorded but not told" needs no write of its own besides the outcome.</li>
 * </ul>
 */
@ApplicationScoped
public class MessageRepository {

    private final java.time.Clock clock;

    private static final Set<String> FINAL = Set.of("DELIVERED", "DEAD");

    private final MongoCollection<Document> messages;
    private final MongoCollection<Document> retries;
    /**
     * petition id → the petitioner's pseudonymous reference and tracking number, from petition.registered, and
     * the steps that arrived before it ({@code parked.<eventId>}): one document, so that one atomic write both
     * parks a step and tells whether the registration is there (and vice versa).
     */
    private final MongoCollection<Document> petitions;

    public MessageRepository(MongoClient client, @ConfigProperty(name = "quarkus.mongodb.database") String database,
                              java.time.Clock clock) {
        this.clock = clock;
        this.messages = client.getDatabase(database).getCollection("messages");
        this.retries = client.getDatabase(database).getCollection("retries");
        this.petitions = client.getDatabase(database).getCollection("petitions");
    }

    void createIndexes(@Observes StartupEvent startup) {
        // one message per (event, recipient, channel): a redelivered event never sends twice
        messages.createIndex(Indexes.ascending("eventId", "recipientRef", "channel"),
                new IndexOptions().unique(true).name("one_message_per_event_recipient_channel"));
        messages.createIndex(Indexes.ascending("petitionId"), new IndexOptions().name("by_petition"));
        // every stored message carries a claim; sparse all the same, so that a document without one never blocks another
        messages.createIndex(Indexes.ascending("claim"), new IndexOptions().unique(true).sparse(true).name("by_claim"));
    }

    // ---------------------------------------------------------------- petitions and parked steps

    /**
     * Records a registration. @return the petition's document as it was before (empty if new): the steps parked
     * before this write, which the caller now tells.
     */
    public Document rememberPetition(String petitionId, String petitionerRef, String trackingNumber) {
        return rememberPetition(petitionId, petitionerRef, trackingNumber, null, List.of());
    }

    /**
     * Records a registration with where the matter is and whom it accuses: who may read the petition's messages and
     * print its letters is decided on these (see {@link #scope}).
     */
    public Document rememberPetition(String petitionId, String petitionerRef, String trackingNumber, String locationCode,
                                     List<String> accusedUnitCodes) {
        List<Bson> updates = new ArrayList<>(List.of(Updates.set("petitionerRef", petitionerRef),
                Updates.set("trackingNumber", trackingNumber)));
        if (locationCode != null) {
            updates.add(Updates.set("locationCode", locationCode));
            updates.add(Updates.set("accusedUnitCodes", accusedUnitCodes == null ? List.of() : accusedUnitCodes));
        }
        Document before = petitions.findOneAndUpdate(Filters.eq("_id", petitionId), Updates.combine(updates),
                new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.BEFORE));
        return before == null ? new Document() : before;
    }

    /** The unit that holds the petition now (from case.assigned, in the order of its partition). */
    public void rememberUnit(String petitionId, String unitCode) {
        petitions.updateOne(Filters.eq("_id", petitionId), Updates.set("unitCode", unitCode),
                new com.mongodb.client.model.UpdateOptions().upsert(true));
    }

    /**
     * What a scope check needs of a petition: its location, its unit now and whom it accuses. Empty while its
     * registration (which carries the location) has not arrived, or if it carried none:
     * such a petition is visible only to whole-province readers.
     */
    public Optional<CaseScope> scope(String petitionId) {
        if (petitionId == null) {
            return Optional.empty();
        }
        Document petition = petitions.find(Filters.eq("_id", petitionId)).first();
        return Optional.ofNullable(scopeOf(petition));
    }

    public static CaseScope scopeOf(Document petition) {
        if (petition == null || petition.getString("locationCode") == null) {
            return null;
        }
        return CaseScope.of(petition.getString("locationCode"), petition.getString("unitCode"),
                petition.getList("accusedUnitCodes", String.class, List.of()));
    }

    /** The registered petition (its petitioner's reference and tracking number), if its registration arrived. */
    public Optional<Document> petition(String petitionId) {
        return Optional.ofNullable(petitions.find(Filters.eq("_id", petitionId)).first())
                .filter(p -> p.getString("petitionerRef") != null);
    }

    /**
     * A step that overtook its petition's registration waits in the petition's document instead of blocking the
     * partition. @return the document after parking: if it has a petitionerRef, the registration was written
     * first and did not see this step, so the caller tells it (and unparks it).
     */
    public Document park(String petitionId, String eventId, String kind, String payload) {
        return petitions.findOneAndUpdate(Filters.eq("_id", petitionId),
                Updates.set("parked." + eventId, new Document("kind", kind).append("payload", payload)
                        .append("parkedAt", Date.from(clock.instant()))),
                new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.AFTER));
    }

    /** The steps parked in a petition's document, in the order they were parked, each with its eventId. */
    public static List<Document> parkedSteps(Document petition) {
        Document parked = petition.get("parked", Document.class);
        if (parked == null) {
            return List.of();
        }
        List<Document> steps = new ArrayList<>();
        parked.forEach((eventId, step) -> steps.add(new Document((Document) step).append("eventId", eventId)));
        steps.sort(Comparator.comparing(step -> step.getDate("parkedAt"), Comparator.nullsFirst(Comparator.naturalOrder())));
        return steps;
    }

    public void unpark(String petitionId, Collection<String> eventIds) {
        if (eventIds.isEmpty()) {
            return;
        }
        petitions.updateOne(Filters.eq("_id", petitionId),
                Updates.combine(eventIds.stream().map(id -> Updates.unset("parked." + id)).toList()));
    }

    // ---------------------------------------------------------------- storing

    /**
     * A fresh claim on a message for whoever stores or takes it: the claim stamp and the end of its lease, to
     * be written with the message.
     */
    public static Document claimed(Document message, Date leaseUntil) {
        return message.append("claim", UUID.randomUUID().toString()).append("leaseUntil", leaseUntil);
    }

    /**
     * Stores messages that carry their claim (see {@link #claimed}), with their retry pointers, in two writes
     * whatever their number. The pointers go first, so that a stored message always has one: if the process
     * dies after this, the retry scan of any replica sends the message once its lease runs out.
     *
     * @return the positions of the messages that were stored before (same event, recipient and channel)
     */
    public Set<Integer> insertClaimed(List<Document> claimedMessages) {
        if (claimedMessages.isEmpty()) {
            return Set.of();
        }
        retries.insertMany(claimedMessages.stream().map(m -> pointer(m, m.getDate("leaseUntil"))).toList(),
                new InsertManyOptions().ordered(false));
        Set<Integer> duplicates = new HashSet<>();
        try {
            messages.insertMany(claimedMessages, new InsertManyOptions().ordered(false));
        } catch (MongoBulkWriteException e) {
            for (BulkWriteError error : e.getWriteErrors()) {
                if (ErrorCategory.fromErrorCode(error.getCode()) != ErrorCategory.DUPLICATE_KEY) {
                    throw e;
                }
                duplicates.add(error.getIndex());
            }
        }
        if (!duplicates.isEmpty()) {
            // those pointers point at ids that were never stored
            deletePointers(duplicates.stream().map(i -> pointerId(claimedMessages.get(i))).toList());
        }
        return duplicates;
    }

    /** Gives a message found stored (a redelivered event) a retry pointer, should it lack one. */
    public void ensurePointer(Document message) {
        Date due = message.getDate("leaseUntil");
        try {
            retries.insertOne(pointer(message, due == null ? Date.from(clock.instant()) : due));
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                throw e;
            }
        }
    }

    /** A letter's text as it was queued for printing, with its decision's text (rendered at send time). */
    public void letterText(String messageId, String text) {
        messages.updateOne(Filters.eq("_id", messageId), Updates.set("text", text));
    }

    // ---------------------------------------------------------------- reading

    public Optional<Document> find(String messageId) {
        return Optional.ofNullable(messages.find(Filters.eq("_id", messageId)).first());
    }

    public Optional<Document> find(String eventId, String recipientRef, String channel) {
        return Optional.ofNullable(messages.find(Filters.and(Filters.eq("eventId", eventId),
                Filters.eq("recipientRef", recipientRef), Filters.eq("channel", channel))).first());
    }

    public List<Document> findAll(Collection<String> messageIds) {
        return messageIds.isEmpty() ? List.of() : messages.find(Filters.in("_id", messageIds)).into(new ArrayList<>());
    }

    public List<Document> byPetition(String petitionId) {
        return messages.find(Filters.eq("petitionId", petitionId)).sort(Sorts.ascending("createdAt"))
                .into(new ArrayList<>());
    }

    // ---------------------------------------------------------------- claims

    /**
     * Takes a message for one worker until leaseUntil, if nobody changed its claim since it was read (so two
     * replicas never both take it). @return the message as claimed, or null if someone else was quicker
     */
    public Document claim(Document message, Date leaseUntil) {
        String token = UUID.randomUUID().toString();
        return messages.findOneAndUpdate(claimFilter(message),
                Updates.combine(Updates.set("claim", token), Updates.set("leaseUntil", leaseUntil)),
                new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER));
    }

    /**
     * Extends a claim that has been held a while (its message waited in a channel's queue). @return the new claim
     * stamp, or null if the claim ran out and another worker took the message
     */
    public String renewClaim(String token, Date leaseUntil) {
        String renewed = UUID.randomUUID().toString();
        return messages.updateOne(Filters.eq("claim", token),
                Updates.combine(Updates.set("claim", renewed), Updates.set("leaseUntil", leaseUntil)))
                .getMatchedCount() > 0 ? renewed : null;
    }

    /** Gives a claim back, to be taken again from {@code at} on (by the retry scan of any replica). */
    public void release(String token, Document message, Date at) {
        if (messages.updateOne(Filters.eq("claim", token),
                Updates.combine(Updates.set("claim", UUID.randomUUID().toString()), Updates.set("leaseUntil", at)))
                .getMatchedCount() > 0) {
            retries.updateOne(Filters.eq("_id", pointerId(message)), Updates.set("nextAttemptAt", at));
        }
    }

    /**
     * The final outcome (DELIVERED or DEAD), written only if the worker still holds the claim it sent under. The
     * same write is the to-do for the outcome relay: the message keeps its retry pointer until the outcome is told.
     *
     * @return the message as recorded, or null if the claim was no longer this worker's
     */
    public Document recordOutcome(String token, String status, Document attempt, int attempts, Date finishedAt) {
        return messages.findOneAndUpdate(Filters.eq("claim", token), Updates.combine(Updates.set("status", status),
                        Updates.push("attempts", attempt), Updates.set("outcomeSeq", attempts),
                        Updates.set("finishedAt", finishedAt), Updates.set("claim", UUID.randomUUID().toString()),
                        Updates.unset("leaseUntil"), Updates.unset("nextAttemptAt")),
                new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER));
    }

    /**
     * A failed attempt with more to come: told as notification.failed (final=false), retried at nextAttemptAt.
     *
     * @return the message as recorded, or null if the claim was no longer this worker's
     */
    public Document recordFailure(String token, Document attempt, int attempts, Date nextAttemptAt) {
        Document recorded = messages.findOneAndUpdate(Filters.eq("claim", token), Updates.combine(
                        Updates.set("status", "FAILED"), Updates.push("attempts", attempt),
                        Updates.set("outcomeSeq", attempts), Updates.set("nextAttemptAt", nextAttemptAt),
                        Updates.set("claim", UUID.randomUUID().toString()), Updates.unset("leaseUntil")),
                new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER));
        if (recorded != null) {
            retries.updateOne(Filters.eq("_id", pointerId(recorded)), Updates.set("nextAttemptAt", nextAttemptAt));
        }
        return recorded;
    }

    /**
     * An operator's resend: the history of attempts stays, the count towards the dead state starts again, and the
     * message comes back claimed by the caller. Its new pointer is a new generation, so that the relay, still
     * telling the outcome before, cannot remove it.
     *
     * @return the reopened message, or null if it changed since it was read
     */
    public Document reopen(Document message, Date leaseUntil) {
        int attemptsSoFar = message.getList("attempts", Document.class, List.of()).size();
        Document reopened = new Document(message).append("resendBase", attemptsSoFar);
        upsertPointer(pointerId(reopened), pointer(reopened, leaseUntil));
        return messages.findOneAndUpdate(claimFilter(message), Updates.combine(Updates.set("status", "PENDING"),
                        Updates.set("resendBase", attemptsSoFar), Updates.unset("finishedAt"),
                        Updates.unset("nextAttemptAt"), Updates.set("claim", UUID.randomUUID().toString()),
                        Updates.set("leaseUntil", leaseUntil)),
                new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER));
    }

    private static Bson claimFilter(Document message) {
        return Filters.eq("claim", message.getString("claim"));
    }

    // ---------------------------------------------------------------- the retry queue

    /** Pointers due: a lease ran out, a retry is due, or an outcome waits to be told. */
    public List<Document> duePointers(Date now, int limit) {
        return retries.find(Filters.lte("nextAttemptAt", now)).limit(limit).into(new ArrayList<>());
    }

    /** Looks at these pointers again later. */
    public void reschedule(Map<String, Date> pointers) {
        if (!pointers.isEmpty()) {
            retries.bulkWrite(pointers.entrySet().stream().<WriteModel<Document>>map(p -> new UpdateOneModel<>(
                    Filters.eq("_id", p.getKey()), Updates.set("nextAttemptAt", p.getValue()))).toList(),
                    new BulkWriteOptions().ordered(false));
        }
    }

    public void deletePointers(Collection<String> pointerIds) {
        if (!pointerIds.isEmpty()) {
            retries.deleteMany(Filters.in("_id", pointerIds));
        }
    }

    public static String messageIdOf(Document pointer) {
        return pointer.getString("messageId");
    }

    /** A pointer left from before a resend (the message moved on to a new generation). */
    public static boolean isStale(Document pointer, Document message) {
        return pointer.getInteger("generation", 0) != message.getInteger("resendBase", 0);
    }

    /** Whether the message's latest outcome may not have been told yet. */
    public static boolean outcomeUntold(Document pointer, Document message) {
        String status = message.getString("status");
        if (FINAL.contains(status)) {
            return true; // its pointer goes once the outcome is told
        }
        if (!"FAILED".equals(status)) {
            return false;
        }
        return outcomeSeq(message) > pointer.getInteger("publishedSeq", 0);
    }

    public static boolean isFinal(Document message) {
        return FINAL.contains(message.getString("status"));
    }

    /**
     * Marks what was told, by the pointer each outcome was found through: a final outcome's pointer goes, a
     * failure's pointer remembers the attempt told (only ever upwards, so telling out of order never forgets a
     * later one). One write for a whole batch.
     */
    public void markPublished(Map<String, Document> toldByPointer) {
        List<WriteModel<Document>> writes = new ArrayList<>(toldByPointer.size());
        toldByPointer.forEach((pointerId, message) -> {
            Bson pointer = Filters.eq("_id", pointerId);
            if (isFinal(message)) {
                writes.add(new DeleteOneModel<>(pointer));
            } else {
                writes.add(new UpdateOneModel<>(pointer, Updates.max("publishedSeq", outcomeSeq(message))));
            }
        });
        if (!writes.isEmpty()) {
            retries.bulkWrite(writes, new BulkWriteOptions().ordered(false));
        }
    }

    /** Which outcome of a message this is: the number of attempts it was recorded after (0 before any). */
    public static int outcomeSeq(Document message) {
        return message.getInteger("outcomeSeq", 0);
    }

    /** A message's pointer: its id, and after an operator's resend, its id and generation. */
    public static String pointerId(Document message) {
        int generation = message.getInteger("resendBase", 0);
        return generation == 0 ? message.getString("_id") : message.getString("_id") + "#" + generation;
    }

    private static Document pointer(Document message, Date due) {
        return new Document("_id", pointerId(message)).append("messageId", message.getString("_id"))
                .append("generation", message.getInteger("resendBase", 0)).append("nextAttemptAt", due);
    }

    private void upsertPointer(String pointerId, Document fields) {
        retries.replaceOne(Filters.eq("_id", pointerId), fields,
                new com.mongodb.client.model.ReplaceOptions().upsert(true));
    }
}

package gov.petitions.notification.repository;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.bson.Document;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;

/**
 * Messages in MongoDB. Uses only what both real MongoDB and the local wire stand-in
 * (mongo-java-server) support: single-document writes (claims are one findOneAndUpdate), a unique compound
 * index, simple finds and $set/$push/$unset updates. No multi-document transactions: exactly-once rests
 * on the unique index.
 */
@ApplicationScoped
public class MessageRepository {

    private final MongoCollection<Document> messages;
    /**
     * Pointers to messages whose outcome is not yet told on Kafka, and to messages waiting for a retry.
     * Kept apart and small so that the relay and the retrier never scan the whole message history
     * (the stand-in answers such queries by scanning).
     */
    private final MongoCollection<Document> pendingOutcomes;
    private final MongoCollection<Document> retries;
    /** petition id → the petitioner's pseudonymous reference and tracking number, from petition.registered. */
    private final MongoCollection<Document> petitions;
    private final MongoCollection<Document> parked;

    public MessageRepository(MongoClient client, @ConfigProperty(name = "quarkus.mongodb.database") String database) {
        this.messages = client.getDatabase(database).getCollection("messages");
        this.pendingOutcomes = client.getDatabase(database).getCollection("pending_outcomes");
        this.retries = client.getDatabase(database).getCollection("retries");
        this.petitions = client.getDatabase(database).getCollection("petitions");
        this.parked = client.getDatabase(database).getCollection("parked_steps");
    }

    public void rememberPetition(String petitionId, String petitionerRef, String trackingNumber) {
        upsertPointer(petitions, petitionId, new Document("petitionerRef", petitionerRef)
                .append("trackingNumber", trackingNumber));
    }

    /** A step that overtook its petition's registration waits here instead of blocking the partition. */
    public void park(String eventId, String petitionId, String kind, String payload) {
        upsertPointer(parked, eventId, new Document("petitionId", petitionId).append("kind", kind)
                .append("payload", payload).append("parkedAt", new Date()));
    }

    public List<Document> parkedFor(String petitionId) {
        return parked.find(Filters.eq("petitionId", petitionId)).into(new ArrayList<>());
    }

    public void unpark(String eventId) {
        parked.deleteOne(Filters.eq("_id", eventId));
    }

    public Optional<Document> petition(String petitionId) {
        return Optional.ofNullable(petitions.find(Filters.eq("_id", petitionId)).first());
    }

    void createIndexes(@Observes StartupEvent startup) {
        // one message per (event, recipient, channel): a redelivered event never sends twice
        messages.createIndex(Indexes.ascending("eventId", "recipientRef", "channel"),
                new IndexOptions().unique(true).name("one_message_per_event_recipient_channel"));
        messages.createIndex(Indexes.ascending("petitionId"), new IndexOptions().name("by_petition"));
    }

    /** @return false if this (event, recipient, channel) was stored before */
    public boolean insertIfAbsent(Document message) {
        try {
            messages.insertOne(message);
            return true;
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
                return false;
            }
            throw e;
        }
    }

    public Optional<Document> find(String messageId) {
        return Optional.ofNullable(messages.find(Filters.eq("_id", messageId)).first());
    }

    public Optional<Document> find(String eventId, String recipientRef, String channel) {
        return Optional.ofNullable(messages.find(Filters.and(Filters.eq("eventId", eventId),
                Filters.eq("recipientRef", recipientRef), Filters.eq("channel", channel))).first());
    }

    public List<Document> byPetition(String petitionId) {
        return messages.find(Filters.eq("petitionId", petitionId)).sort(Sorts.ascending("createdAt"))
                .into(new ArrayList<>());
    }

    /**
     * Puts a stored message in the retry queue, due now: the dispatcher claims it right away, and if this
     * process dies first, the retry scan of any replica finds it.
     */
    public void schedule(String messageId, Date at) {
        upsertPointer(retries, messageId, new Document("nextAttemptAt", at));
    }

    /** As {@link #schedule}, but leaves an existing entry (perhaps a worker's claim) as it is. */
    public void scheduleIfAbsent(String messageId, Date at) {
        try {
            retries.insertOne(new Document("_id", messageId).append("nextAttemptAt", at));
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                throw e;
            }
        }
    }

    /**
     * Takes a due message for one worker until leaseUntil (an atomic single-document update, so two
     * replicas never both send it).
     */
    public boolean claim(String messageId, Date now, Date leaseUntil, String token) {
        return retries.findOneAndUpdate(Filters.and(Filters.eq("_id", messageId), Filters.lte("nextAttemptAt", now)),
                Updates.combine(Updates.set("nextAttemptAt", leaseUntil), Updates.set("claimedBy", token))) != null;
    }

    /**
     * Right before sending: the claim is still this worker's (it did not run out while the message waited in
     * its channel's queue and go to another replica), and it is extended for the send.
     */
    public boolean renewClaim(String messageId, String token, Date leaseUntil) {
        return retries.updateOne(Filters.and(Filters.eq("_id", messageId), Filters.eq("claimedBy", token)),
                Updates.set("nextAttemptAt", leaseUntil)).getMatchedCount() > 0;
    }

    /** The final outcome (DELIVERED or DEAD): recorded on the message, then queued to be told. */
    public void recordOutcome(String messageId, String status, Document attempt, int attempts, Date finishedAt) {
        messages.updateOne(Filters.eq("_id", messageId), Updates.combine(Updates.set("status", status),
                Updates.push("attempts", attempt), Updates.set("eventPublished", false),
                Updates.set("outcomeSeq", attempts), Updates.unset("nextAttemptAt"),
                Updates.set("finishedAt", finishedAt)));
        // if the process dies between these two writes, the sweep (eventPublished=false) finds the message
        upsertPointer(pendingOutcomes, messageId, new Document("seq", attempts));
        retries.deleteOne(Filters.eq("_id", messageId));
    }

    /** A failed attempt with more to come: told as notification.failed (final=false), retried at nextAttemptAt. */
    public void recordFailure(String messageId, Document attempt, int attempts, Date nextAttemptAt) {
        messages.updateOne(Filters.eq("_id", messageId), Updates.combine(Updates.set("status", "FAILED"),
                Updates.push("attempts", attempt), Updates.set("nextAttemptAt", nextAttemptAt),
                Updates.set("eventPublished", false), Updates.set("outcomeSeq", attempts)));
        upsertPointer(pendingOutcomes, messageId, new Document("seq", attempts));
        upsertPointer(retries, messageId, new Document("nextAttemptAt", nextAttemptAt));
    }

    /** An operator's resend: the history of attempts stays, the count towards the dead state starts again. */
    public void reopen(String messageId, int attemptsSoFar) {
        messages.updateOne(Filters.eq("_id", messageId), Updates.combine(Updates.set("status", "PENDING"),
                Updates.set("resendBase", attemptsSoFar), Updates.unset("finishedAt")));
        schedule(messageId, new Date());
    }

    /** A message nobody needs to send any more (delivered or dead meanwhile) leaves the retry queue. */
    public void unschedule(String messageId) {
        retries.deleteOne(Filters.eq("_id", messageId));
    }

    /** Ids of messages whose attempt is due. */
    public List<String> dueForRetry(Date now, int limit) {
        return retries.find(Filters.lte("nextAttemptAt", now)).limit(limit)
                .map(d -> d.getString("_id")).into(new ArrayList<>());
    }

    /** Messages whose outcome has not yet been told on Kafka (the relay's to-do list). */
    public List<Document> unpublishedOutcomes(int limit) {
        List<String> ids = pendingOutcomes.find().limit(limit).map(d -> d.getString("_id")).into(new ArrayList<>());
        return ids.isEmpty() ? List.of() : messages.find(Filters.in("_id", ids)).into(new ArrayList<>());
    }

    /** The slow, rare safety net: outcomes recorded but never queued (the process died in between). */
    public void requeueForgottenOutcomes() {
        // only outcomes older than a minute: younger ones are in the relay's hands right now
        Date settled = new Date(System.currentTimeMillis() - 60_000);
        for (Document message : messages.find(Filters.and(Filters.eq("eventPublished", false),
                Filters.lt("finishedAt", settled))).limit(1000)) {
            upsertPointer(pendingOutcomes, message.getString("_id"),
                    new Document("seq", message.getInteger("outcomeSeq", 0)));
        }
    }

    /**
     * Marks what was told. Only the outcome that was read is marked: if another attempt was recorded in the
     * meantime (a higher seq), its pointer stays and it is told in the next batch.
     */
    public void markPublished(List<Document> told) {
        for (Document message : told) {
            String id = message.getString("_id");
            if (!message.containsKey("outcomeSeq")) { // written before outcomes were numbered
                messages.updateOne(Filters.eq("_id", id), Updates.set("eventPublished", true));
                pendingOutcomes.deleteOne(Filters.eq("_id", id));
                continue;
            }
            int seq = message.getInteger("outcomeSeq");
            messages.updateOne(Filters.and(Filters.eq("_id", id), Filters.eq("outcomeSeq", seq)),
                    Updates.set("eventPublished", true));
            pendingOutcomes.deleteOne(Filters.and(Filters.eq("_id", id), Filters.eq("seq", seq)));
        }
    }

    private static void upsertPointer(MongoCollection<Document> collection, String messageId, Document fields) {
        collection.replaceOne(Filters.eq("_id", messageId), fields.append("_id", messageId),
                new com.mongodb.client.model.ReplaceOptions().upsert(true));
    }
}

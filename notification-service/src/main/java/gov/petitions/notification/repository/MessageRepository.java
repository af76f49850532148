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
 * (mongo-java-server) support: single-document writes, a unique compound index, simple finds and
 * $set/$push updates. No multi-document transactions: exactly-once rests on the unique index.
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

    /** The final outcome (DELIVERED or DEAD): recorded on the message, then queued to be told. */
    public void recordOutcome(String messageId, String status, Document attempt, Date finishedAt) {
        messages.updateOne(Filters.eq("_id", messageId), Updates.combine(Updates.set("status", status),
                Updates.push("attempts", attempt), Updates.set("eventPublished", false),
                Updates.set("finishedAt", finishedAt)));
        // if the process dies between these two writes, the sweep (eventPublished=false) finds the message
        upsertPointer(pendingOutcomes, messageId, new Document());
        retries.deleteOne(Filters.eq("_id", messageId));
    }

    /** A failed attempt with more to come: the message waits in the retry queue until nextAttemptAt. */
    public void recordFailure(String messageId, Document attempt, Date nextAttemptAt) {
        messages.updateOne(Filters.eq("_id", messageId), Updates.combine(Updates.set("status", "FAILED"),
                Updates.push("attempts", attempt), Updates.set("nextAttemptAt", nextAttemptAt)));
        upsertPointer(retries, messageId, new Document("nextAttemptAt", nextAttemptAt));
    }

    /** Messages whose retry is due. */
    public List<Document> dueForRetry(Date now, int limit) {
        List<String> ids = retries.find(Filters.lte("nextAttemptAt", now)).limit(limit)
                .map(d -> d.getString("_id")).into(new ArrayList<>());
        return ids.isEmpty() ? List.of() : messages.find(Filters.in("_id", ids)).into(new ArrayList<>());
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
            upsertPointer(pendingOutcomes, message.getString("_id"), new Document());
        }
    }

    public void markPublished(List<String> messageIds) {
        if (messageIds.isEmpty()) {
            return;
        }
        messages.updateMany(Filters.in("_id", messageIds), Updates.set("eventPublished", true));
        pendingOutcomes.deleteMany(Filters.in("_id", messageIds));
    }

    private static void upsertPointer(MongoCollection<Document> collection, String messageId, Document fields) {
        collection.replaceOne(Filters.eq("_id", messageId), fields.append("_id", messageId),
                new com.mongodb.client.model.ReplaceOptions().upsert(true));
    }
}

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
import org.bson.conversions.Bson;
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

    public MessageRepository(MongoClient client, @ConfigProperty(name = "quarkus.mongodb.database") String database) {
        this.messages = client.getDatabase(database).getCollection("messages");
    }

    void createIndexes(@Observes StartupEvent startup) {
        // one message per (event, recipient, channel): a redelivered event never sends twice
        messages.createIndex(Indexes.ascending("eventId", "recipientRef", "channel"),
                new IndexOptions().unique(true).name("one_message_per_event_recipient_channel"));
        messages.createIndex(Indexes.ascending("petitionId"), new IndexOptions().name("by_petition"));
        messages.createIndex(Indexes.ascending("eventPublished", "status"), new IndexOptions().name("unpublished"));
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

    public void recordAttempt(String messageId, String status, Document attempt, Date finishedAt) {
        List<Bson> updates = new ArrayList<>(List.of(Updates.set("status", status), Updates.push("attempts", attempt),
                Updates.set("eventPublished", false)));
        if (finishedAt != null) {
            updates.add(Updates.set("finishedAt", finishedAt));
        }
        messages.updateOne(Filters.eq("_id", messageId), Updates.combine(updates));
    }

    public void recordFailure(String messageId, String status, Document attempt, Date nextAttemptAt) {
        messages.updateOne(Filters.eq("_id", messageId), Updates.combine(Updates.set("status", status),
                Updates.push("attempts", attempt), Updates.set("nextAttemptAt", nextAttemptAt),
                Updates.set("eventPublished", !"DEAD".equals(status))));
    }

    public List<Document> byStatus(String status) {
        return messages.find(Filters.eq("status", status)).limit(500).into(new ArrayList<>());
    }

    /** Messages whose outcome has not yet been told on Kafka (the relay's to-do list). */
    public List<Document> unpublishedOutcomes(int limit) {
        return messages.find(Filters.and(Filters.eq("eventPublished", false),
                        Filters.in("status", "DELIVERED", "DEAD")))
                .limit(limit).into(new ArrayList<>());
    }

    public void markPublished(String messageId) {
        messages.updateOne(Filters.eq("_id", messageId), Updates.set("eventPublished", true));
    }
}

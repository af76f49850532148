package gov.petitions.notification.repository;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import jakarta.enterprise.context.ApplicationScoped;
import org.bson.Document;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.Date;
import java.util.Optional;

/**
 * Where organisations are reached: a unit (by its code), a supervisors' office (supervisors-3413) or a
 * leader registers an email address and/or a webhook endpoint with its signing secret. Petitioners are
 * never here: their contact details stay in intake.
 */
@ApplicationScoped
public class RecipientRepository {

    private final java.time.Clock clock;

    public record Webhook(String url, String secret) {
    }

    private final MongoCollection<Document> recipients;

    public RecipientRepository(MongoClient client, @ConfigProperty(name = "quarkus.mongodb.database") String database,
                              java.time.Clock clock) {
        this.clock = clock;
        this.recipients = client.getDatabase(database).getCollection("recipients");
    }

    public void setWebhook(String ref, String url, String secret) {
        recipients.updateOne(Filters.eq("_id", ref), Updates.combine(
                Updates.set("webhook", new Document("url", url).append("secret", secret)),
                Updates.set("updatedAt", Date.from(clock.instant()))), new UpdateOptions().upsert(true));
    }

    public boolean removeWebhook(String ref) {
        return recipients.updateOne(Filters.eq("_id", ref), Updates.unset("webhook")).getModifiedCount() > 0;
    }

    public void setEmail(String ref, String address) {
        recipients.updateOne(Filters.eq("_id", ref), Updates.combine(Updates.set("email", address),
                Updates.set("updatedAt", Date.from(clock.instant()))), new UpdateOptions().upsert(true));
    }

    public boolean removeEmail(String ref) {
        return recipients.updateOne(Filters.eq("_id", ref), Updates.unset("email")).getModifiedCount() > 0;
    }

    public Optional<Document> find(String ref) {
        return Optional.ofNullable(recipients.find(Filters.eq("_id", ref)).first());
    }

    public Optional<Webhook> webhook(String ref) {
        return find(ref).map(d -> d.get("webhook", Document.class))
                .map(w -> new Webhook(w.getString("url"), w.getString("secret")));
    }

    public Optional<String> email(String ref) {
        return find(ref).map(d -> d.getString("email"));
    }
}

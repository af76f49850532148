package gov.petitions.notification.repository;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import static gov.petitions.notification.repository.Mapping.ID;
import static gov.petitions.notification.repository.Mapping.date;

/**
 * Where organisations are reached: a unit (by its code), a supervisors' office (supervisors-3413) or a
 * leader registers an email address and/or a webhook endpoint with its signing secret. Petitioners are
 * never here: their contact details stay in intake.
 */
@ApplicationScoped
public class RecipientRepository {

    private final java.time.Clock clock;

    private final MongoCollection<Recipient> recipients;

    public RecipientRepository(MongoClient client, @ConfigProperty(name = "quarkus.mongodb.database") String database,
                              java.time.Clock clock) {
        this.clock = clock;
        this.recipients = new RecipientCodec().collection(client.getDatabase(database), "recipients");
    }

    public void setWebhook(String ref, String url, String secret) {
        recipients.updateOne(Filters.eq(ID, ref), Updates.combine(
                Updates.set(RecipientCodec.WEBHOOK, RecipientCodec.webhook(new Recipient.Webhook(url, secret))),
                Updates.set(RecipientCodec.UPDATED_AT, date(clock.instant()))), new UpdateOptions().upsert(true));
    }

    public boolean removeWebhook(String ref) {
        return recipients.updateOne(Filters.eq(ID, ref), Updates.unset(RecipientCodec.WEBHOOK)).getModifiedCount() > 0;
    }

    public void setEmail(String ref, String address) {
        recipients.updateOne(Filters.eq(ID, ref), Updates.combine(Updates.set(RecipientCodec.EMAIL, address),
                Updates.set(RecipientCodec.UPDATED_AT, date(clock.instant()))), new UpdateOptions().upsert(true));
    }

    public boolean removeEmail(String ref) {
        return recipients.updateOne(Filters.eq(ID, ref), Updates.unset(RecipientCodec.EMAIL)).getModifiedCount() > 0;
    }

    public Optional<Recipient> find(String ref) {
        return Optional.ofNullable(recipients.find(Filters.eq(ID, ref)).first());
    }

    /** The registered ones among {@code refs}, by reference: one read for a poll's messages. */
    public Map<String, Recipient> findAll(Collection<String> refs) {
        Map<String, Recipient> found = new HashMap<>();
        if (!refs.isEmpty()) {
            recipients.find(Filters.in(ID, refs)).forEach(recipient -> found.put(recipient.ref(), recipient));
        }
        return found;
    }

    public Optional<Recipient.Webhook> webhook(String ref) {
        return find(ref).flatMap(Recipient::webhookEndpoint);
    }

    public Optional<String> email(String ref) {
        return find(ref).flatMap(Recipient::emailAddress);
    }
}

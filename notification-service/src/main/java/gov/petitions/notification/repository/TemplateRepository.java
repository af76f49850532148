package gov.petitions.notification.repository;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import jakarta.enterprise.context.ApplicationScoped;
import org.bson.Document;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Message templates, every version kept: {@code templates} holds one document per (template, channel,
 * version), never changed once written; {@code template_heads} points at the version in use. An edit
 * writes the next version, then moves the head only if nobody moved it meanwhile (a conditional
 * single-document update; no transaction needed).
 */
@ApplicationScoped
public class TemplateRepository {

    private final java.time.Clock clock;

    private final MongoCollection<Document> versions;
    private final MongoCollection<Document> heads;

    public TemplateRepository(MongoClient client, @ConfigProperty(name = "quarkus.mongodb.database") String database,
                              java.time.Clock clock) {
        this.clock = clock;
        this.versions = client.getDatabase(database).getCollection("templates");
        this.heads = client.getDatabase(database).getCollection("template_heads");
    }

    /**
     * Writes version 1 unless the template exists; replicas starting together write it once. A template whose
     * version in use is still a built-in one gets this release's built-in text as a new version if it differs.
     */
    public void seed(String templateId, String channel, String source) {
        Document head = heads.find(Filters.eq("_id", key(templateId, channel))).first();
        if (head != null) {
            // a built-in text that changed with a release replaces the one seeded before, unless a person edited it
            version(templateId, channel, head.getInteger("version"))
                    .filter(current -> "seed".equals(current.getString("createdBy")) && !source.equals(current.getString("source")))
                    .ifPresent(current -> saveNewVersion(templateId, channel, current.getInteger("version"), source, "seed",
                            "built-in text of this release"));
            return;
        }
        insertIgnoringDuplicate(versions, version(templateId, channel, 1, source, "seed", "from the service's resources"));
        insertIgnoringDuplicate(heads, new Document("_id", key(templateId, channel)).append("version", 1));
    }

    public Optional<Document> current(String templateId, String channel) {
        Document head = heads.find(Filters.eq("_id", key(templateId, channel))).first();
        if (head == null) {
            return Optional.empty();
        }
        return version(templateId, channel, head.getInteger("version"));
    }

    /**
     * The version in use of each (template, channel), keyed "templateId:channel": one read for all the messages of
     * an event. Versions never change once written, so the caller caches their text and needs only this.
     */
    public Map<String, Integer> currentVersions(Collection<String> keys) {
        Map<String, Integer> versions = new HashMap<>();
        heads.find(Filters.in("_id", keys)).forEach(head -> versions.put(head.getString("_id"), head.getInteger("version")));
        return versions;
    }

    public static String key(String templateId, String channel) {
        return templateId + ":" + channel;
    }

    public Optional<Document> version(String templateId, String channel, int version) {
        return Optional.ofNullable(versions.find(Filters.eq("_id", key(templateId, channel) + ":" + version)).first());
    }

    public List<Document> history(String templateId, String channel) {
        return versions.find(Filters.and(Filters.eq("templateId", templateId), Filters.eq("channel", channel)))
                .sort(Sorts.descending("version")).into(new ArrayList<>());
    }

    /** @return the new version, or empty if someone else saved a version since {@code basedOn} */
    public Optional<Document> saveNewVersion(String templateId, String channel, int basedOn, String source, String by,
                                             String comment) {
        Document next = version(templateId, channel, basedOn + 1, source, by, comment);
        if (!insertIgnoringDuplicate(versions, next)) {
            return Optional.empty();
        }
        long moved = heads.updateOne(Filters.and(Filters.eq("_id", key(templateId, channel)), Filters.eq("version", basedOn)),
                Updates.set("version", basedOn + 1)).getModifiedCount();
        return moved == 1 ? Optional.of(next) : Optional.empty();
    }

    private Document version(String templateId, String channel, int version, String source, String by,
                                    String comment) {
        return new Document("_id", key(templateId, channel) + ":" + version).append("templateId", templateId)
                .append("channel", channel).append("version", version).append("source", source)
                .append("createdBy", by).append("comment", comment).append("createdAt", Date.from(clock.instant()));
    }

    private static boolean insertIgnoringDuplicate(MongoCollection<Document> collection, Document document) {
        try {
            collection.insertOne(document);
            return true;
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
                return false;
            }
            throw e;
        }
    }
}

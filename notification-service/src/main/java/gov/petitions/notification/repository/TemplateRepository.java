package gov.petitions.notification.repository;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import gov.petitions.notification.domain.Channel;
import jakarta.enterprise.context.ApplicationScoped;
import org.bson.Document;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static gov.petitions.notification.repository.Mapping.ID;
import static gov.petitions.notification.repository.TemplateVersionCodec.VERSION;

/**
 * Message templates, every version kept: {@code templates} holds one document per (template, channel,
 * version), never changed once written; {@code template_heads} points at the version in use. An edit
 * writes the next version, then moves the head only if nobody moved it meanwhile (a conditional
 * single-document update; no transaction needed).
 */
@ApplicationScoped
public class TemplateRepository {

    private final java.time.Clock clock;

    private final MongoCollection<TemplateVersion> versions;
    /** {_id: "templateId:CHANNEL", version}: too small for a type of its own. */
    private final MongoCollection<Document> heads;

    public TemplateRepository(MongoClient client, @ConfigProperty(name = "quarkus.mongodb.database") String database,
                              java.time.Clock clock) {
        this.clock = clock;
        MongoDatabase db = client.getDatabase(database);
        this.versions = new TemplateVersionCodec().collection(db, "templates");
        this.heads = db.getCollection("template_heads");
    }

    /**
     * Writes version 1 unless the template exists; replicas starting together write it once. A template whose
     * version in use is still a built-in one gets this release's built-in text as a new version if it differs.
     */
    public void seed(String templateId, Channel channel, String source) {
        Optional<Integer> head = headVersion(key(templateId, channel));
        if (head.isPresent()) {
            // a built-in text that changed with a release replaces the one seeded before, unless a person edited it
            version(templateId, channel, head.get())
                    .filter(current -> current.isBuiltIn() && !source.equals(current.source()))
                    .ifPresent(current -> saveNewVersion(templateId, channel, current.version(), source,
                            TemplateVersion.BUILT_IN, "built-in text of this release"));
            return;
        }
        insertIgnoringDuplicate(versions, version(templateId, channel, 1, source, TemplateVersion.BUILT_IN,
                "from the service's resources"));
        insertIgnoringDuplicate(heads, new Document(ID, key(templateId, channel)).append(VERSION, 1));
    }

    public Optional<TemplateVersion> current(String templateId, Channel channel) {
        return headVersion(key(templateId, channel)).flatMap(version -> version(templateId, channel, version));
    }

    private Optional<Integer> headVersion(String key) {
        return Optional.ofNullable(heads.find(Filters.eq(ID, key)).first()).map(head -> head.getInteger(VERSION));
    }

    /**
     * The version in use of each (template, channel), keyed "templateId:channel": one read for all the messages of
     * an event. Versions never change once written, so the caller caches their text and needs only this.
     */
    public Map<String, Integer> currentVersions(Collection<String> keys) {
        Map<String, Integer> inUse = new HashMap<>();
        heads.find(Filters.in(ID, keys)).forEach(head -> inUse.put(head.getString(ID), head.getInteger(VERSION)));
        return inUse;
    }

    public static String key(String templateId, Channel channel) {
        return templateId + ":" + channel.name();
    }

    public Optional<TemplateVersion> version(String templateId, Channel channel, int version) {
        return Optional.ofNullable(versions.find(Filters.eq(ID, key(templateId, channel) + ":" + version)).first());
    }

    public List<TemplateVersion> history(String templateId, Channel channel) {
        return versions.find(Filters.and(Filters.eq(TemplateVersionCodec.TEMPLATE_ID, templateId),
                        Filters.eq(TemplateVersionCodec.CHANNEL, channel.name())))
                .sort(Sorts.descending(VERSION)).into(new ArrayList<>());
    }

    /** @return the new version, or empty if someone else saved a version since {@code basedOn} */
    public Optional<TemplateVersion> saveNewVersion(String templateId, Channel channel, int basedOn, String source,
                                                    String by, String comment) {
        TemplateVersion next = version(templateId, channel, basedOn + 1, source, by, comment);
        if (!insertIgnoringDuplicate(versions, next)) {
            return Optional.empty();
        }
        long moved = heads.updateOne(Filters.and(Filters.eq(ID, key(templateId, channel)), Filters.eq(VERSION, basedOn)),
                Updates.set(VERSION, basedOn + 1)).getModifiedCount();
        return moved == 1 ? Optional.of(next) : Optional.empty();
    }

    private TemplateVersion version(String templateId, Channel channel, int version, String source, String by,
                                    String comment) {
        return new TemplateVersion(key(templateId, channel) + ":" + version, templateId, channel, version, source, by,
                comment, clock.instant());
    }

    private static <T> boolean insertIgnoringDuplicate(MongoCollection<T> collection, T document) {
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

package gov.petitions.notification.repository;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import jakarta.enterprise.context.ApplicationScoped;
import org.bson.Document;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The highest sequence of each hot spot already told, so that a late, older event is not told after a newer one. */
@ApplicationScoped
public class HotspotRepository {

    /** {_id: hotspotId, sequence}: too small for a type of its own. */
    private static final String SEQUENCE = "sequence";

    private final MongoCollection<Document> hotspots;

    public HotspotRepository(MongoClient client, @ConfigProperty(name = "quarkus.mongodb.database") String database) {
        this.hotspots = client.getDatabase(database).getCollection("hotspots_told");
    }

    public int toldSequence(String hotspotId) {
        Document told = hotspots.find(Filters.eq(Mapping.ID, hotspotId)).first();
        return told == null ? 0 : told.getInteger(SEQUENCE, 0);
    }

    public void told(String hotspotId, int sequence) {
        // only ever upwards, in one write
        hotspots.updateOne(Filters.eq(Mapping.ID, hotspotId), Updates.max(SEQUENCE, sequence), new UpdateOptions().upsert(true));
    }
}

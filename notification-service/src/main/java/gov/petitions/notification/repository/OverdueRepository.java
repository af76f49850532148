package gov.petitions.notification.repository;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Sorts;
import gov.petitions.notification.messaging.CaseEvents;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.bson.Document;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The cases now overdue, per clock, learnt from case.deadline-breached and cleared by the status change that
 * satisfies the clock: what the daily digest lists.
 */
@ApplicationScoped
public class OverdueRepository {

    private final java.time.Clock clock;

    private static final Pattern DIVISION_CODE = Pattern.compile("(\\d{6})");

    private final MongoCollection<Document> overdue;

    public OverdueRepository(MongoClient client, @ConfigProperty(name = "quarkus.mongodb.database") String database,
                              java.time.Clock clock) {
        this.clock = clock;
        this.overdue = client.getDatabase(database).getCollection("overdue_cases");
    }

    void createIndexes(@Observes StartupEvent startup) {
        overdue.createIndex(Indexes.ascending("jurisdiction"), new IndexOptions().name("by_jurisdiction"));
        overdue.createIndex(Indexes.ascending("petitionId"), new IndexOptions().name("by_petition"));
    }

    /** The city (4-digit prefix of the administrative division code) a unit belongs to, e.g. 341302-RSJ → 3413. */
    public static String city(String unitCode) {
        Matcher division = DIVISION_CODE.matcher(unitCode);
        if (division.find()) {
            return division.group(1).substring(0, 4);
        }
        // a city's or the province's own unit (3413-RSJ, 34-XFJ): its division is the jurisdiction
        String own = unitCode.contains("-") ? unitCode.substring(0, unitCode.indexOf('-')) : unitCode;
        return own.length() >= 4 ? own.substring(0, 4) : own;
    }

    public void record(CaseEvents.Deadline breach) {
        String id = breach.petitionId() + ":" + breach.clock();
        overdue.replaceOne(Filters.eq("_id", id), new Document("_id", id)
                        .append("petitionId", breach.petitionId().toString())
                        .append("trackingNumber", breach.trackingNumber())
                        .append("unitCode", breach.unitCode())
                        .append("jurisdiction", city(breach.unitCode()))
                        .append("clock", breach.clock())
                        .append("dueAt", Date.from(breach.dueAt().toInstant()))
                        .append("recordedAt", Date.from(clock.instant())),
                new ReplaceOptions().upsert(true));
    }

    /** The clocks a new status satisfies: the acceptance decision, the reply, the review or re-review answer. */
    public void settle(String petitionId, String toStatus) {
        Set<String> clocks = switch (toStatus) {
            case "ACCEPTED" -> Set.of("ACCEPTANCE");
            case "REPLIED" -> Set.of("ACCEPTANCE", "HANDLING");
            case "REVIEW_REPLIED" -> Set.of("REVIEW");
            case "RE_REVIEW_REPLIED" -> Set.of("RE_REVIEW");
            case "NOT_ACCEPTED", "FINAL" -> Set.of("ACCEPTANCE", "HANDLING", "REVIEW", "RE_REVIEW");
            default -> Set.of();
        };
        if (!clocks.isEmpty()) {
            // by id (petition:clock), which the stand-in looks up instead of scanning every overdue case
            overdue.deleteMany(Filters.in("_id", clocks.stream().map(clock -> petitionId + ":" + clock).toList()));
        }
    }

    public List<String> jurisdictions() {
        return overdue.distinct("jurisdiction", String.class).into(new ArrayList<>());
    }

    public List<Document> inJurisdiction(String jurisdiction) {
        return overdue.find(Filters.eq("jurisdiction", jurisdiction)).sort(Sorts.ascending("dueAt")).into(new ArrayList<>());
    }
}

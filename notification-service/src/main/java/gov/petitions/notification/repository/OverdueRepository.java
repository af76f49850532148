package gov.petitions.notification.repository;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Sorts;
import gov.petitions.notification.domain.CaseStatus;
import gov.petitions.notification.domain.DeadlineClock;
import gov.petitions.notification.events.CaseEvents;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static gov.petitions.notification.repository.Mapping.ID;
import static gov.petitions.notification.repository.OverdueCaseCodec.JURISDICTION;

/**
 * The cases now overdue, per clock, learnt from case.deadline-breached and cleared by the status change that
 * satisfies the clock: what the daily digest lists. The two come on different topics, in either order; a breach of a
 * clock already satisfied after it fell due (the answer was heard first) is not recorded.
 */
@ApplicationScoped
public class OverdueRepository {

    private final java.time.Clock clock;

    private static final Pattern DIVISION_CODE = Pattern.compile("(\\d{6})");

    /** Longer than the topics keep records (30 days, deploy/): no breach can come after that. */
    static final Duration SETTLED_KEPT = Duration.ofDays(35);

    private final MongoCollection<OverdueCase> overdue;
    private final MongoCollection<SettledClock> settled;

    public OverdueRepository(MongoClient client, @ConfigProperty(name = "quarkus.mongodb.database") String database,
                              java.time.Clock clock) {
        this.clock = clock;
        this.overdue = new OverdueCaseCodec().collection(client.getDatabase(database), "overdue_cases");
        this.settled = new SettledClockCodec().collection(client.getDatabase(database), "settled_clocks");
    }

    void createIndexes(@Observes StartupEvent startup) {
        overdue.createIndex(Indexes.ascending(JURISDICTION), new IndexOptions().name("by_jurisdiction"));
        overdue.createIndex(Indexes.ascending(OverdueCaseCodec.PETITION_ID), new IndexOptions().name("by_petition"));
        settled.createIndex(Indexes.ascending(SettledClockCodec.SETTLED_AT), new IndexOptions().name("expiry")
                .expireAfter(SETTLED_KEPT.toSeconds(), TimeUnit.SECONDS));
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

    /** @return false when the clock was satisfied at or after it fell due: the case is not overdue on it */
    public boolean record(CaseEvents.Deadline breach) {
        String petitionId = breach.petitionId().toString();
        String id = OverdueCase.id(petitionId, breach.clock());
        Instant due = breach.dueAt().toInstant();
        if (settledAt(petitionId, breach.clock()).filter(at -> !at.isBefore(due)).isPresent()) {
            return false;
        }
        OverdueCase overdueCase = new OverdueCase(id, petitionId, breach.trackingNumber(), breach.unitCode(),
                city(breach.unitCode()), breach.clock(), due, clock.instant());
        overdue.replaceOne(Filters.eq(ID, id), overdueCase, new ReplaceOptions().upsert(true));
        return true;
    }

    /**
     * The clocks a new status satisfies: the acceptance decision, the reply, the review or re-review answer. A clock
     * running again later (a reopened case's new handling time) falls due after this change, so its breach counts.
     */
    public void settle(String petitionId, CaseStatus toStatus, Instant changedAt) {
        Set<DeadlineClock> clocks = toStatus.settles();
        if (!clocks.isEmpty()) {
            // by id (petition:clock), which the stand-in looks up instead of scanning every overdue case
            overdue.deleteMany(Filters.in(ID, clocks.stream().map(c -> OverdueCase.id(petitionId, c)).toList()));
            for (DeadlineClock satisfied : clocks) {
                String id = OverdueCase.id(petitionId, satisfied);
                settled.replaceOne(Filters.eq(ID, id), new SettledClock(id, changedAt), new ReplaceOptions().upsert(true));
            }
        }
    }

    /** When the case's clock was last satisfied, as far as this service has heard. */
    public Optional<Instant> settledAt(String petitionId, DeadlineClock clock) {
        return Optional.ofNullable(settled.find(Filters.eq(ID, OverdueCase.id(petitionId, clock))).first())
                .map(SettledClock::settledAt);
    }

    public List<String> jurisdictions() {
        return overdue.distinct(JURISDICTION, String.class).into(new ArrayList<>());
    }

    public List<OverdueCase> inJurisdiction(String jurisdiction) {
        return overdue.find(Filters.eq(JURISDICTION, jurisdiction)).sort(Sorts.ascending(OverdueCaseCodec.DUE_AT))
                .into(new ArrayList<>());
    }
}

package gov.petitions.routing.service;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import gov.petitions.routing.Division;
import gov.petitions.routing.RoutingRule;
import gov.petitions.routing.Unit;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;

import java.time.Duration;
import java.util.Optional;

/**
 * The jurisdiction tree and the routing rules as {@link RoutingDecision} reads them for every case, kept in memory.
 *
 * <p>They are reference data (a province's few thousand divisions and units, a rule per category) that an
 * administrator changes by hand, and routing a petition asks for several of them: its county, the category's rule, the
 * department's unit at each level it tries. Read from the database each time they were four of a routing's round
 * trips (the benchmark's counters: 2.1 unit, 1.2 division and 0.7 rule look-ups a petition), mostly for what does not
 * exist — a county without the category's department, a category without a rule — which Hibernate's second-level
 * cache does not keep. Here what is absent is kept as well.
 *
 * <p>Fresh for {@link #FRESH}: a change committed on this replica ({@link Changed}, fired by whatever writes the tree
 * or the rules) clears the copy at once, so it applies to the next petition routed here; other replicas read it within
 * a minute. The entities kept are detached copies that are only read (their fields are plain values).
 */
@ApplicationScoped
public class CachedDirectory implements RoutingDecision.Directory {

    static final Duration FRESH = Duration.ofMinutes(1);

    /** Fired in the transaction that changes divisions, units or routing rules; clears the copy once it commits. */
    public record Changed() {
    }

    private final Cache<String, Optional<Division>> divisions = cache();
    private final Cache<String, Optional<Unit>> units = cache();
    private final Cache<String, Optional<RoutingRule>> rules = cache();

    private static <V> Cache<String, V> cache() {
        // Anhui has ~1,800 divisions and ~3,900 units down to the townships; room for a larger province's tree
        return Caffeine.newBuilder().maximumSize(50_000).expireAfterWrite(FRESH).build();
    }

    @Override
    public Division division(String code) {
        return divisions.get(code, c -> Optional.ofNullable(Division.<Division>findById(c))).orElse(null);
    }

    @Override
    public Optional<Unit> unit(String divisionCode, String department) {
        return units.get(divisionCode + "-" + department, ignored -> Unit.of(divisionCode, department));
    }

    @Override
    public RoutingRule rule(String categoryCode) {
        return rules.get(categoryCode, c -> Optional.ofNullable(RoutingRule.<RoutingRule>findById(c))).orElse(null);
    }

    void onChange(@Observes(during = TransactionPhase.AFTER_SUCCESS) Changed change) {
        clear();
    }

    /** Forgets everything: the next look-ups read the database (also after the tree is loaded at start). */
    public void clear() {
        divisions.invalidateAll();
        units.invalidateAll();
        rules.invalidateAll();
    }
}

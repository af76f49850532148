package gov.petitions.intake.service;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * The codes of the active categories, which every registration checks. The catalogue changes only by migration,
 * so it is read at most once a minute (one query for all 15 entries), not once or twice per registration: the
 * second-level cache still cost a query for a good share of registrations under concurrency (issue #20).
 */
@ApplicationScoped
public class ActiveCategories {

    private static final Duration FRESH = Duration.ofMinutes(1);

    private final EntityManager entityManager;
    private final LoadingCache<Boolean, Set<String>> codes;

    public ActiveCategories(EntityManager entityManager) {
        this.entityManager = entityManager;
        this.codes = Caffeine.newBuilder().maximumSize(1).expireAfterWrite(FRESH).build(ignored -> load());
    }

    public boolean isActive(String code) {
        return code != null && codes.get(Boolean.TRUE).contains(code);
    }

    private Set<String> load() {
        List<String> active = entityManager.createQuery("select c.code from Category c where c.active = true", String.class)
                .getResultList();
        return Set.copyOf(active);
    }
}

package gov.petitions.intake.service;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import gov.petitions.intake.config.IntakeConfig;
import gov.petitions.intake.service.PiiCipher.IdentityKind;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;

/**
 * What anyone without an account may do, and how often. Token buckets (Bucket4j) live in memory, one per client
 * address and one per tracking number, in caches bounded by {@code intake.abuse.max-tracked-keys}: each replica
 * limits on its own, so N replicas allow N times the rate, which is the point of a bucket in memory (no shared
 * store to fail or to wait on). What must hold across replicas and restarts (the lock after wrong query codes, the
 * daily submissions per phone) is in the database.
 */
@ApplicationScoped
public class AbuseLimits {

    /** A limit was reached; {@code retryAfter} is when it is worth trying again. */
    public static class LimitReached extends RuntimeException {
        private final transient Duration retryAfter;
        private final String slug;

        public LimitReached(String slug, String message, Duration retryAfter) {
            super(message, null, false, false);
            this.slug = slug;
            this.retryAfter = retryAfter;
        }

        public Duration retryAfter() {
            return retryAfter;
        }

        public String slug() {
            return slug;
        }

        /** Whole seconds, rounded up, never 0: a client that retries at once would only be refused again. */
        public long retryAfterSeconds() {
            return Math.max(1, (retryAfter.toMillis() + 999) / 1000);
        }
    }

    private final IntakeConfig.Abuse config;
    private final EntityManager entityManager;
    private final PiiCipher cipher;
    private final ZoneId zone;
    private final Cache<String, Bucket> perClient;
    private final Cache<String, Bucket> perTrackingNumber;

    private final java.time.Clock clock;

    public AbuseLimits(IntakeConfig config, EntityManager entityManager, PiiCipher cipher, java.time.Clock clock) {
        this.clock = clock;
        this.config = config.abuse();
        this.entityManager = entityManager;
        this.cipher = cipher;
        this.zone = clock.getZone();
        // a bucket unused for a whole period is full again: forgetting it then changes nothing
        this.perClient = Caffeine.newBuilder().maximumSize(this.config.maxTrackedKeys())
                .expireAfterAccess(this.config.perClientPeriod()).build();
        this.perTrackingNumber = Caffeine.newBuilder().maximumSize(this.config.maxTrackedKeys())
                .expireAfterAccess(this.config.perTrackingNumberPeriod()).build();
    }

    public boolean trustForwardedFor() {
        return config.trustForwardedFor();
    }

    /** One request of a client (its address) to a public endpoint. */
    public void client(String address) {
        take(perClient, address, config.perClientCapacity(), config.perClientPeriod(), "rate-limited",
                "Too many requests from this address");
    }

    /** One look-up with a query code for this tracking number, whoever sends it. */
    public void trackingNumber(String trackingNumber) {
        take(perTrackingNumber, trackingNumber, config.perTrackingNumberCapacity(), config.perTrackingNumberPeriod(),
                "rate-limited", "Too many look-ups for this tracking number");
    }

    private static void take(Cache<String, Bucket> buckets, String key, long capacity, Duration period, String slug,
                             String message) {
        Bucket bucket = buckets.get(key, k -> Bucket.builder()
                .addLimit(Bandwidth.builder().capacity(capacity).refillGreedy(capacity, period).build()).build());
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
        if (!probe.isConsumed()) {
            throw new LimitReached(slug, message, Duration.ofNanos(probe.getNanosToWaitForRefill()));
        }
    }

    /** Refuses a look-up while the petition is locked after wrong query codes: the right code does not help then. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void checkNotLocked(UUID petitionId) {
        @SuppressWarnings("unchecked")
        List<OffsetDateTime> until = entityManager.createNativeQuery(
                        "select locked_until from query_code_lockout where petition_id = :id", OffsetDateTime.class)
                .setParameter("id", petitionId).getResultList();
        OffsetDateTime now = OffsetDateTime.now(clock);
        if (!until.isEmpty() && until.get(0) != null && until.get(0).isAfter(now)) {
            throw locked(Duration.between(now, until.get(0)));
        }
    }

    /**
     * A wrong query code for an existing petition: after {@code lockout-after} in a row, look-ups are locked for
     * {@code lockout-duration}, doubled for each further lock (up to {@code lockout-max}).
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void wrongCode(UUID petitionId) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        // one statement, so concurrent wrong guesses are all counted (the row lock serialises them)
        Object[] row = (Object[]) entityManager.createNativeQuery("insert into query_code_lockout (petition_id, failures, lockouts) "
                        + "values (:id, 1, 0) on conflict (petition_id) do update set failures = query_code_lockout.failures + 1 "
                        + "returning failures, lockouts")
                .setParameter("id", petitionId).getSingleResult();
        int failures = ((Number) row[0]).intValue();
        int lockouts = ((Number) row[1]).intValue();
        if (failures >= config.lockoutAfter()) {
            Duration lock = lockDuration(lockouts);
            entityManager.createNativeQuery("update query_code_lockout set failures = 0, lockouts = lockouts + 1, "
                            + "locked_until = :until where petition_id = :id")
                    .setParameter("until", now.plus(lock)).setParameter("id", petitionId).executeUpdate();
        }
    }

    Duration lockDuration(int earlierLockouts) {
        Duration lock = config.lockoutDuration();
        for (int i = 0; i < earlierLockouts && lock.compareTo(config.lockoutMax()) < 0; i++) {
            lock = lock.multipliedBy(2);
        }
        return lock.compareTo(config.lockoutMax()) > 0 ? config.lockoutMax() : lock;
    }

    /** The right code, while not locked: the count of wrong ones starts again. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void rightCode(UUID petitionId) {
        entityManager.createNativeQuery("delete from query_code_lockout where petition_id = :id")
                .setParameter("id", petitionId).executeUpdate();
    }

    private static LimitReached locked(Duration remaining) {
        return new LimitReached("query-code-locked", "Too many wrong query codes for this tracking number; "
                + "look-ups are locked for a while", remaining);
    }

    /**
     * Counts an online submission against its phone number's daily allowance (each one sends an SMS there). Runs
     * in the registration's transaction: a submission that fails is not counted.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void onlineSubmission(String phone) {
        LocalDate today = LocalDate.now(clock);
        int count = ((Number) entityManager.createNativeQuery("insert into online_submission_count (phone_index, day, submissions) "
                        + "values (:phone, :day, 1) on conflict (phone_index, day) do update "
                        + "set submissions = online_submission_count.submissions + 1 returning submissions")
                .setParameter("phone", cipher.index(IdentityKind.PHONE, phone)).setParameter("day", today)
                .getSingleResult()).intValue();
        if (count > config.submissionsPerPhonePerDay()) {
            Duration untilTomorrow = Duration.between(java.time.ZonedDateTime.now(clock),
                    today.plusDays(1).atStartOfDay(zone));
            throw new LimitReached("submissions-per-phone", "Too many online petitions with this phone number today",
                    untilTomorrow);
        }
    }

    @Scheduled(every = "1h", delayed = "2m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void forgetOldCounts() {
        QuarkusTransaction.requiringNew().run(() -> {
            entityManager.createNativeQuery("delete from online_submission_count where day < :day")
                    .setParameter("day", LocalDate.now(clock).minusDays(1)).executeUpdate();
            entityManager.createNativeQuery("delete from query_code_lockout where failures = 0 and locked_until < :before")
                    .setParameter("before", OffsetDateTime.now(clock).minus(config.lockoutMax().multipliedBy(2)))
                    .executeUpdate();
        });
    }
}

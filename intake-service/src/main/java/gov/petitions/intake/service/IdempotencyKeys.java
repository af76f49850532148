package gov.petitions.intake.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import gov.petitions.platform.problem.ProblemException;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * {@code Idempotency-Key} for POSTs: the key is claimed in the same transaction as the work, so a retry either
 * finds the committed outcome and gets it back, or (if the first attempt failed and rolled back) does the work
 * anew. Two attempts racing with one key serialise on the key's row: the second waits and then replays.
 */
@ApplicationScoped
public class IdempotencyKeys {

    public static final String HEADER = "Idempotency-Key";
    private static final java.util.regex.Pattern KEY = java.util.regex.Pattern.compile("^[\\x21-\\x7e]{1,100}$");
    private static final Duration KEEP = Duration.ofHours(24);

    private final EntityManager entityManager;
    private final ObjectMapper objectMapper;

    private final java.time.Clock clock;

    public IdempotencyKeys(EntityManager entityManager, ObjectMapper objectMapper, java.time.Clock clock) {
        this.clock = clock;
        this.entityManager = entityManager;
        this.objectMapper = objectMapper;
    }

    /** What a POST answered: replayed as it was, apart from what {@code onReplay} changes. */
    public record Outcome(int status, String location, JsonNode body, boolean replayed) {
        public Outcome(int status, String location, JsonNode body) {
            this(status, location, body, false);
        }
    }

    /** Refuses a malformed key before any work starts. */
    public static void checkFormat(String key) {
        if (key != null && !KEY.matcher(key).matches()) {
            throw ProblemException.badRequest("invalid-idempotency-key", "Invalid Idempotency-Key",
                    "The Idempotency-Key header must be 1–100 visible ASCII characters (a UUID is a good choice)");
        }
    }

    /**
     * Runs {@code work} once per (scope, key). Must run inside the transaction that does the work.
     *
     * @param scope    who is asking and where (the principal and the endpoint), so keys of different callers never meet
     * @param request  the validated body; a retry with the same key and a different body is refused (422)
     * @param onReplay what a replay changes before answering, inside the same transaction (never the query code: see
     *                 PetitionRegistration#registerOnce)
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Outcome once(String scope, String key, Object request, Supplier<Outcome> work, UnaryOperator<Outcome> onReplay) {
        return once(scope, key, request, work, Function.identity(), onReplay);
    }

    /**
     * Runs {@code work} once per (scope, key), when its result is more than the response: {@code remembered} says what
     * of the result is kept as the answer to replay, {@code replayed} makes a result again from a stored answer.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public <T> T once(String scope, String key, Object request, Supplier<T> work, Function<T, Outcome> remembered,
                      Function<Outcome, T> replayed) {
        if (key == null) {
            return work.get();
        }
        checkFormat(key);
        String requestHash = PetitionRegistration.hash(canonical(request));
        // ON CONFLICT waits for a concurrent holder of the key to commit or roll back before deciding
        int claimed = entityManager.createNativeQuery("insert into idempotency_record (scope, idem_key, request_hash, created_at) "
                        + "values (:scope, :key, :hash, :at) on conflict do nothing")
                .setParameter("scope", scope).setParameter("key", key).setParameter("hash", requestHash)
                .setParameter("at", OffsetDateTime.now(clock)).executeUpdate();
        if (claimed == 1) {
            T result = work.get();
            Outcome outcome = remembered.apply(result);
            entityManager.createNativeQuery("update idempotency_record set status = :status, location = :location, "
                            + "response = cast(:response as jsonb) where scope = :scope and idem_key = :key")
                    .setParameter("status", outcome.status()).setParameter("location", outcome.location())
                    .setParameter("response", outcome.body() == null ? null : outcome.body().toString())
                    .setParameter("scope", scope).setParameter("key", key).executeUpdate();
            return result;
        }
        return replay(scope, key, requestHash, replayed);
    }

    /**
     * {@link #once(String, String, Object, Supplier, Function, Function)} when the answer is known before the work
     * runs (a registration chooses its petition id and query code first): the key is claimed and its answer stored in
     * one statement, not a claim before the work and an update after it. The work's failure rolls both back, as ever.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public <T> T once(String scope, String key, Object request, Outcome answer, Supplier<T> work,
                      Function<Outcome, T> replayed) {
        if (key == null) {
            return work.get();
        }
        checkFormat(key);
        String requestHash = PetitionRegistration.hash(canonical(request));
        // ON CONFLICT waits for a concurrent holder of the key to commit or roll back before deciding
        int claimed = entityManager.createNativeQuery("insert into idempotency_record (scope, idem_key, request_hash, "
                        + "created_at, status, location, response) values (:scope, :key, :hash, :at, :status, :location, "
                        + "cast(:response as jsonb)) on conflict do nothing")
                .setParameter("scope", scope).setParameter("key", key).setParameter("hash", requestHash)
                .setParameter("at", OffsetDateTime.now(clock)).setParameter("status", answer.status())
                .setParameter("location", answer.location())
                .setParameter("response", answer.body() == null ? null : answer.body().toString()).executeUpdate();
        if (claimed == 1) {
            return work.get();
        }
        return replay(scope, key, requestHash, replayed);
    }

    /** The key is someone's already: the answer stored with it, for the same request only. */
    private <T> T replay(String scope, String key, String requestHash, Function<Outcome, T> replayed) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = entityManager.createNativeQuery("select request_hash, status, location, cast(response as text) "
                        + "from idempotency_record where scope = :scope and idem_key = :key")
                .setParameter("scope", scope).setParameter("key", key).getResultList();
        Object[] row = rows.get(0);
        if (!requestHash.equals(row[0])) {
            throw new ProblemException(gov.petitions.platform.problem.Problem.of("idempotency-key-reused",
                    "Idempotency-Key used for another request", 422,
                    "This Idempotency-Key was already used with a different body; use a new key for a new request"));
        }
        try {
            JsonNode body = row[3] == null ? null : objectMapper.readTree((String) row[3]);
            return replayed.apply(new Outcome(((Number) row[1]).intValue(), (String) row[2], body, true));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored idempotent response is not JSON", e);
        }
    }

    private String canonical(Object request) {
        try {
            return objectMapper.writeValueAsString(request);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A retry comes within seconds or minutes; a day of keys is plenty and keeps the table small. */
    @Scheduled(every = "1h", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void forgetOldKeys() {
        int removed = QuarkusTransaction.requiringNew().call(() -> entityManager
                .createNativeQuery("delete from idempotency_record where created_at < :before")
                .setParameter("before", OffsetDateTime.now(clock).minus(KEEP)).executeUpdate());
        if (removed > 0) {
            Log.debugf("forgot %d idempotency keys older than %s", removed, KEEP);
        }
    }
}

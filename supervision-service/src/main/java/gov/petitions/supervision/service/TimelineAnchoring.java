package gov.petitions.supervision.service;

import gov.petitions.platform.outbox.Outbox;
import gov.petitions.platform.time.ChinaTime;
import gov.petitions.supervision.events.TimelineDigestPublishedEvent;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Anchors the timelines daily (issue 22): once China's day is over, the head of every case's chain that grew since
 * the previous digest becomes a leaf of a Merkle tree ({@link MerkleTree}); its root, chained to the previous day's
 * digest, is stored append-only (timeline_digest, its leaves in timeline_anchor) and published as
 * timeline.digest-published through the outbox in the same transaction. A copy of a digest kept outside the service
 * (the topic, a downloaded file) then shows any later rewriting of a timeline, even one that recomputed every hash.
 *
 * <p>"Grew since the previous digest" rather than "has an entry dated that day": an entry committed a moment after
 * midnight, or written while the clock was set wrong, is anchored by the next digest all the same. A day the service
 * did not run gets no digest of its own; the next one covers it.
 */
@ApplicationScoped
public class TimelineAnchoring {

    public static final String SERVICE = "supervision-service";

    /** Two replicas never make the same day's digest: one advisory lock for the whole job. */
    private static final long LOCK = 0x54494d454c494e45L; // "TIMELINE"

    private final EntityManager entityManager;
    private final Outbox outbox;
    private final Clock clock;

    public TimelineAnchoring(EntityManager entityManager, Outbox outbox, Clock clock) {
        this.entityManager = entityManager;
        this.outbox = outbox;
        this.clock = clock;
    }

    /** A day's digest as stored and published. */
    public record Digest(long seq, LocalDate day, int leaves, String root, String previousDigest, String digest,
                         OffsetDateTime madeAt) {
    }

    /** What proves a case's head is in a day's digest: the leaf, its index, the tree's size and the audit path. */
    public record Inclusion(LocalDate day, int position, String head, String leaf, int leafIndex, int treeSize,
                            List<String> auditPath, String root, String previousDigest, String digest) {
    }

    @Scheduled(every = "${supervision.timeline.anchor-interval:10m}", delayed = "10s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        try {
            anchorYesterday();
        } catch (RuntimeException e) {
            Log.warnf("Timeline digest failed, next run retries: %s", e.toString());
        }
    }

    /** The digest of the day before today in China: made now if it was not made yet, else the one made before. */
    public Optional<Digest> anchorYesterday() {
        return anchor(LocalDate.now(clock.withZone(ChinaTime.CHINA)).minusDays(1));
    }

    /**
     * Makes {@code day}'s digest once: a second call returns the stored one and publishes nothing. Empty when a later
     * day has a digest already (digests follow the days; a clock set back does not insert one before them).
     */
    public Optional<Digest> anchor(LocalDate day) {
        return QuarkusTransaction.requiringNew().call(() -> {
            entityManager.createNativeQuery("select pg_advisory_xact_lock(:lock)").setParameter("lock", LOCK).getResultList();
            Optional<Digest> made = digest(day);
            if (made.isPresent()) {
                return made;
            }
            Optional<Digest> latest = latest();
            if (latest.isPresent() && !day.isAfter(latest.get().day())) {
                Log.warnf("Timeline digest of %s not made: the digest of %s exists already", day, latest.get().day());
                return Optional.empty();
            }
            return Optional.of(make(day, latest));
        });
    }

    private Digest make(LocalDate day, Optional<Digest> latest) {
        @SuppressWarnings("unchecked")
        List<Object[]> grown = entityManager.createNativeQuery("""
                        with heads as (
                            select distinct on (petition_id) petition_id, position, hash
                            from timeline_event order by petition_id, position desc),
                        anchored as (select petition_id, max(position) as position from timeline_anchor group by petition_id)
                        select h.petition_id, h.position, h.hash from heads h left join anchored a on a.petition_id = h.petition_id
                        where a.position is null or h.position > a.position""")
                .getResultList();
        // leaves in the order of the petition ids' text, which anyone can repeat
        List<Object[]> leaves = new ArrayList<>(grown);
        leaves.sort(Comparator.comparing(row -> row[0].toString()));
        List<byte[]> hashes = leaves.stream().map(row -> MerkleTree.leafHash(
                MerkleTree.leaf(row[0].toString(), ((Number) row[1]).intValue(), (String) row[2]))).toList();
        String root = MerkleTree.root(hashes);
        String previous = latest.map(Digest::digest).orElse(TimelineChain.GENESIS);
        String digest = TimelineChain.link(previous, canonical(day, leaves.size(), root));
        OffsetDateTime madeAt = OffsetDateTime.now(clock).truncatedTo(ChronoUnit.MICROS);
        long seq = latest.map(d -> d.seq() + 1).orElse(1L);
        entityManager.createNativeQuery("insert into timeline_digest (seq, day, leaves, root, previous_digest, digest, made_at) "
                        + "values (:seq, :day, :leaves, :root, :previous, :digest, :madeAt)")
                .setParameter("seq", seq).setParameter("day", day).setParameter("leaves", leaves.size())
                .setParameter("root", root).setParameter("previous", previous).setParameter("digest", digest)
                .setParameter("madeAt", madeAt).executeUpdate();
        for (int i = 0; i < leaves.size(); i++) {
            Object[] row = leaves.get(i);
            entityManager.createNativeQuery("insert into timeline_anchor (day, leaf_index, petition_id, position, head) "
                            + "values (:day, :index, :petition, :position, :head)")
                    .setParameter("day", day).setParameter("index", i).setParameter("petition", row[0])
                    .setParameter("position", ((Number) row[1]).intValue()).setParameter("head", row[2]).executeUpdate();
        }
        Digest made = new Digest(seq, day, leaves.size(), root, previous, digest, madeAt);
        outbox.record(new TimelineDigestPublishedEvent(SERVICE, day, made.leaves(), root, previous, digest, madeAt));
        Log.infof("Timeline digest of %s: %d chain heads, root %s", day, leaves.size(), root);
        return made;
    }

    /**
     * What a digest's own hash covers besides the previous digest: the day, the number of leaves and the root, as
     * RFC 8785 JSON — {@code digest = SHA-256(previous digest || this)}, like a timeline entry.
     */
    public static String canonical(LocalDate day, int leaves, String root) {
        Map<String, Object> fields = new TreeMap<>();
        fields.put("day", day.toString());
        fields.put("leaves", leaves);
        fields.put("root", root);
        return TimelineChain.json(fields);
    }

    public Optional<Digest> digest(LocalDate day) {
        return digests("where day = :day", Map.of("day", day), 1).stream().findFirst();
    }

    public List<Digest> newestFirst(int page, int size) {
        return digests("order by seq desc offset " + ((long) page * size), Map.of(), size);
    }

    private Optional<Digest> latest() {
        return digests("order by seq desc", Map.of(), 1).stream().findFirst();
    }

    private List<Digest> digests(String where, Map<String, Object> parameters, int limit) {
        var query = entityManager.createNativeQuery("select seq, day, leaves, root, previous_digest, digest, made_at "
                + "from timeline_digest " + where + " limit " + limit);
        parameters.forEach(query::setParameter);
        @SuppressWarnings("unchecked")
        List<Object[]> rows = query.getResultList();
        return rows.stream().map(r -> new Digest(((Number) r[0]).longValue(), date(r[1]), ((Number) r[2]).intValue(),
                (String) r[3], (String) r[4], (String) r[5], ChinaTime.inChina(FollowUpScanner.time(r[6]).toInstant()))).toList();
    }

    /** A day's leaf hashes in tree order, hex: with them anyone recomputes the day's root. */
    public List<String> leafHashes(LocalDate day) {
        return anchors(day).stream().map(a -> java.util.HexFormat.of().formatHex(MerkleTree.leafHash(a))).toList();
    }

    private List<String> anchors(LocalDate day) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = entityManager.createNativeQuery("select petition_id, position, head from timeline_anchor "
                + "where day = :day order by leaf_index").setParameter("day", day).getResultList();
        return rows.stream().map(r -> MerkleTree.leaf(r[0].toString(), ((Number) r[1]).intValue(), (String) r[2])).toList();
    }

    /** Position → head of every digest that anchored this case: what its chain must still contain. */
    public Map<Integer, String> anchoredHeads(UUID petitionId) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = entityManager.createNativeQuery("select position, head from timeline_anchor "
                + "where petition_id = :id order by position").setParameter("id", petitionId).getResultList();
        Map<Integer, String> heads = new LinkedHashMap<>();
        rows.forEach(r -> heads.put(((Number) r[0]).intValue(), (String) r[1]));
        return heads;
    }

    /** For every digest that anchored the case: how its head then is included in that day's root. */
    public List<Inclusion> inclusions(UUID petitionId) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = entityManager.createNativeQuery("select day, leaf_index, position, head from timeline_anchor "
                + "where petition_id = :id order by day").setParameter("id", petitionId).getResultList();
        List<Inclusion> inclusions = new ArrayList<>();
        for (Object[] r : rows) {
            LocalDate day = date(r[0]);
            int index = ((Number) r[1]).intValue();
            List<byte[]> hashes = anchors(day).stream().map(MerkleTree::leafHash).toList();
            Digest digest = digest(day).orElseThrow();
            inclusions.add(new Inclusion(day, ((Number) r[2]).intValue(), (String) r[3],
                    MerkleTree.leaf(petitionId.toString(), ((Number) r[2]).intValue(), (String) r[3]), index,
                    hashes.size(), MerkleTree.auditPath(hashes, index), digest.root(), digest.previousDigest(),
                    digest.digest()));
        }
        return inclusions;
    }

    private static LocalDate date(Object value) {
        return value instanceof LocalDate d ? d : ((java.sql.Date) value).toLocalDate();
    }
}

package gov.petitions.supervision.service;

import gov.petitions.platform.problem.ProblemException;
import gov.petitions.supervision.TimelineEvent;
import io.quarkus.arc.Arc;
import jakarta.persistence.EntityManager;
import jakarta.persistence.FlushModeType;
import jakarta.transaction.TransactionSynchronizationRegistry;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * A case's timeline as a hash chain, so that an entry edited or deleted in the database afterwards shows:
 * {@code hash = SHA-256(previous entry's hash (32 bytes) || UTF-8 canonical form of the entry)}, the first entry's
 * "previous hash" being 32 zero bytes. The canonical form is JSON as RFC 8785 (JCS) writes it: keys sorted, no
 * whitespace, strings escaped minimally, of the entry's fields — actor, actorRole, at (UTC, ISO 8601 with six
 * fraction digits, as PostgreSQL keeps it), fromStatus, petitionId, position (1, 2, … within the case), reason,
 * toStatus, unitCode; a field without a value is {@code null}. Everything an inspector needs to recompute it is
 * therefore on a printed timeline, and nothing here depends on this service's code.
 *
 * <p>Appending holds the case's ledger row locked ({@code FOR NO KEY UPDATE}) while it reads the head and writes the next
 * entry, so two changes of one case at the same moment never fork the chain; the unique (petition_id, position) of
 * migration V14 is the backstop.
 */
public final class TimelineChain {

    /** The "previous hash" of a case's first entry. */
    public static final String GENESIS = "0".repeat(64);

    public static final String HASH_MISMATCH = "hash mismatch";
    public static final String LINK_MISMATCH = "link mismatch";
    public static final String ANCHOR_MISMATCH = "anchor mismatch";

    private static final DateTimeFormatter INSTANT = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'");
    private static final HexFormat HEX = HexFormat.of();

    private TimelineChain() {
    }

    /** Writes the entry as the case's next link: position, previous hash and its own hash, under the case's lock. */
    public static void append(TimelineEvent event) {
        Map<UUID, Head> heads = headsOfThisTransaction();
        Head head = heads.get(event.petitionId);
        if (head == null) {
            head = lockedWithoutHead().remove(event.petitionId) ? readHead(event.petitionId) : lockAndReadHead(event.petitionId);
        }
        event.position = head.position() + 1;
        event.prevHash = head.hash();
        event.hash = link(event.prevHash, canonical(event));
        event.persist();
        heads.put(event.petitionId, new Head(event.position, event.hash));
    }

    /**
     * The case's ledger row was inserted by this transaction: its chain starts here. No other transaction can see,
     * lock or archive the row before this one commits, so its links need neither the lock nor a read of the head —
     * a case's first two entries (registered, assigned) then cost no statement beyond their inserts.
     */
    public static void opened(UUID petitionId) {
        headsOfThisTransaction().put(petitionId, new Head(0, GENESIS));
        readUnderLock().add(petitionId);
    }

    /**
     * The caller has locked the case's ledger row as {@link #lockAndReadHead} does ({@code FOR NO KEY UPDATE}, in a
     * statement of its own), in this transaction: the next link reads the head without locking again.
     */
    public static void locked(UUID petitionId) {
        if (!headsOfThisTransaction().containsKey(petitionId)) {
            lockedWithoutHead().add(petitionId);
        }
        readUnderLock().add(petitionId);
    }

    /**
     * Whether this transaction read the case's row in the statement that locked it ({@link #locked}) or created the
     * row ({@link #opened}): then no one else can have changed it since, and a flush to learn of a concurrent change
     * early (as an OptimisticLockException) would find none; the changes may wait for the transaction's end, in batches.
     * A row locked only by an append ({@link #append}) may have been read before the lock, and does not count.
     */
    public static boolean readUnderLock(UUID petitionId) {
        return readUnderLock().contains(petitionId);
    }

    /** Whether this transaction holds the case's ledger row locked (or created it) for its chain. */
    public static boolean holds(UUID petitionId) {
        return headsOfThisTransaction().containsKey(petitionId) || lockedWithoutHead().contains(petitionId);
    }

    /** The head of a case's chain as this transaction left it: position 0 and {@link #GENESIS} before any entry. */
    private record Head(int position, String hash) {
    }

    private static final Object HEADS = new Object();
    private static final Object LOCKED = new Object();
    private static final Object READ_UNDER_LOCK = new Object();

    /**
     * Heads of the chains this transaction holds locked (or created), so that a case's later links in the same
     * transaction are not read back: the lock taken for the first is held until commit, no one else can append
     * meanwhile. Kept with the transaction, so a rolled-back batch applied again record by record starts afresh.
     */
    private static Map<UUID, Head> headsOfThisTransaction() {
        return ofThisTransaction(HEADS, HashMap::new);
    }

    /** Cases whose rows this transaction locked before their first link of it (see {@link #locked}). */
    private static java.util.Set<UUID> lockedWithoutHead() {
        return ofThisTransaction(LOCKED, java.util.HashSet::new);
    }

    /** Cases whose rows this transaction read with their lock or created (see {@link #readUnderLock(UUID)}). */
    private static java.util.Set<UUID> readUnderLock() {
        return ofThisTransaction(READ_UNDER_LOCK, java.util.HashSet::new);
    }

    /** What this transaction keeps under the key, made on first use and gone with the transaction. */
    @SuppressWarnings("unchecked")
    private static <T> T ofThisTransaction(Object key, java.util.function.Supplier<T> fresh) {
        TransactionSynchronizationRegistry transaction = Arc.container().instance(TransactionSynchronizationRegistry.class).get();
        T kept = (T) transaction.getResource(key);
        if (kept == null) {
            kept = fresh.get();
            transaction.putResource(key, kept);
        }
        return kept;
    }

    private static Head lockAndReadHead(UUID petitionId) {
        EntityManager em = TimelineEvent.getEntityManager();
        // NO KEY UPDATE, not UPDATE: the rows this transaction has inserted for the case (an instruction, a deadline)
        // hold KEY SHARE on it through their foreign keys, and two transactions each holding that while waiting for
        // UPDATE would deadlock. No flush first: the row exists (a case this transaction inserted is opened()), and
        // nothing pending in this session changes what the two statements read
        em.createNativeQuery("select 1 from ledger_entry where petition_id = :id for no key update")
                .setParameter("id", petitionId).setFlushMode(FlushModeType.COMMIT).getResultList();
        return readHead(petitionId);
    }

    /** The head and whether the case is archived, read under the lock this transaction holds on the case's row. */
    private static Head readHead(UUID petitionId) {
        EntityManager em = TimelineEvent.getEntityManager();
        // after the lock, in a statement of its own so that it reads what the lock's holder before us committed (a
        // join in the locking statement would read the head as of before the wait). An archived case
        // (docs/archiving.md) never changes again: its redacted chain ends where the archive proves it, and every
        // change of a case writes its timeline, so this one check, under the case's lock, refuses them all
        @SuppressWarnings("unchecked")
        List<Object[]> state = em.createNativeQuery("select exists (select 1 from archive_record where petition_id = :id), "
                        + "(select position from timeline_event where petition_id = :id order by position desc limit 1), "
                        + "(select hash from timeline_event where petition_id = :id order by position desc limit 1)")
                .setParameter("id", petitionId).setFlushMode(FlushModeType.COMMIT).getResultList();
        Object[] row = state.get(0);
        if (Boolean.TRUE.equals(row[0])) {
            throw ProblemException.conflict("archived", "The case is archived",
                    "The case was archived after its retention period and its personal data removed; it cannot change any more");
        }
        return row[1] == null ? new Head(0, GENESIS) : new Head(((Number) row[1]).intValue(), (String) row[2]);
    }

    public static String canonical(TimelineEvent e) {
        return canonical(e.petitionId, e.position, e.at, e.fromStatus == null ? null : e.fromStatus.name(),
                e.toStatus == null ? null : e.toStatus.name(), e.actor, e.actorRole, e.unitCode, e.reason);
    }

    public static String canonical(UUID petitionId, int position, OffsetDateTime at, String fromStatus, String toStatus,
                                   String actor, String actorRole, String unitCode, String reason) {
        Map<String, Object> fields = new TreeMap<>();
        fields.put("actor", actor);
        fields.put("actorRole", actorRole);
        fields.put("at", at == null ? null : INSTANT.format(at.withOffsetSameInstant(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS)));
        fields.put("fromStatus", fromStatus);
        fields.put("petitionId", petitionId == null ? null : petitionId.toString());
        fields.put("position", position);
        fields.put("reason", reason);
        fields.put("toStatus", toStatus);
        fields.put("unitCode", unitCode);
        return json(fields);
    }

    /** RFC 8785 for what an entry holds: ASCII keys (so sorting by UTF-16 units is plain sorting), strings, integers, null. */
    static String json(Map<String, Object> sorted) {
        StringBuilder out = new StringBuilder("{");
        sorted.forEach((key, value) -> {
            if (out.length() > 1) {
                out.append(',');
            }
            string(out, key);
            out.append(':');
            if (value == null) {
                out.append("null");
            } else if (value instanceof Number n) {
                out.append(n.longValue());
            } else {
                string(out, value.toString());
            }
        });
        return out.append('}').toString();
    }

    private static void string(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    /** SHA-256 of the previous hash's 32 bytes followed by the UTF-8 bytes of {@code canonical}, as lowercase hex. */
    public static String link(String previousHash, String canonical) {
        MessageDigest sha = sha256();
        sha.update(HEX.parseHex(previousHash));
        sha.update(canonical.getBytes(StandardCharsets.UTF_8));
        return HEX.formatHex(sha.digest());
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** Where a chain breaks: the entry (its row id and position) and why. */
    public record Break(long entryId, int position, String reason) {
    }

    /** The outcome of recomputing a chain: verified with its length and head, or the first break. */
    public record Verification(boolean verified, int entries, String head, Break brokenAt) {
    }

    /**
     * Recomputes the chain of a case's entries in position order. The first entry whose stored hash is not the hash of
     * its own content is a <em>hash mismatch</em> (its row was edited); the first whose previous hash is not its
     * predecessor's hash, or whose position does not follow it, is a <em>link mismatch</em> (an entry before it was
     * deleted, inserted or reordered). {@code anchored} (position → head published in a daily digest) catches what
     * the chain alone cannot: the newest entries deleted, or the whole tail rewritten with fresh hashes.
     */
    public static Verification verify(List<TimelineEvent> entries, Map<Integer, String> anchored) {
        return verify(entries, anchored, 0);
    }

    /**
     * The same for a case whose texts were removed after it was archived (docs/archiving.md): the entries at positions
     * up to {@code redactedThrough} no longer hash to their stored hash (the archive holds them as they were), so their
     * own hash is not recomputed; their positions, their links to each other and the anchored heads still are, and
     * every later entry is checked in full. 0: nothing redacted, the chain is checked entirely.
     */
    public static Verification verify(List<TimelineEvent> entries, Map<Integer, String> anchored, int redactedThrough) {
        String previous = GENESIS;
        int expectedPosition = 1;
        for (TimelineEvent e : entries) {
            if (e.position == null || e.position != expectedPosition || !previous.equals(e.prevHash)) {
                return broken(e, LINK_MISMATCH);
            }
            boolean redacted = e.position <= redactedThrough;
            if (e.hash == null || (!redacted && !e.hash.equals(link(e.prevHash, canonical(e))))) {
                return broken(e, HASH_MISMATCH);
            }
            String published = anchored.get(e.position);
            if (published != null && !published.equals(e.hash)) {
                return broken(e, ANCHOR_MISMATCH);
            }
            previous = e.hash;
            expectedPosition++;
        }
        int length = entries.size();
        for (Map.Entry<Integer, String> anchor : anchored.entrySet()) {
            if (anchor.getKey() > length) {
                // a published head the chain no longer reaches: its newest entries were deleted
                return new Verification(false, length, null, new Break(
                        length == 0 ? 0 : entries.get(length - 1).id, anchor.getKey(), ANCHOR_MISMATCH));
            }
        }
        return new Verification(true, length, length == 0 ? GENESIS : previous, null);
    }

    private static Verification broken(TimelineEvent e, String reason) {
        return new Verification(false, 0, null, new Break(e.id, e.position == null ? 0 : e.position, reason));
    }
}

package gov.petitions.intake.service;

import gov.petitions.intake.config.IntakeConfig;
import gov.petitions.platform.problem.Problem;
import gov.petitions.platform.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Tracking numbers (信访件编号): XF, the China date, then a suffix that is a keyed permutation of a sequence number.
 * A permutation of distinct inputs gives distinct outputs, so numbers never repeat within a day while fewer than
 * 10^digits are registered that day; the date makes days distinct. Consecutive registrations get unrelated-looking
 * suffixes under a key that changes every day, so a number tells nothing about how many came before it.
 */
@ApplicationScoped
public class TrackingNumbers {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyyMMdd");
    private static final int ROUNDS = 8;
    /** Draws of numbers all taken already (issued before this scheme, or under an earlier key) before giving up. */
    private static final int ATTEMPTS = 16;
    /** Sequence values fetched at once. */
    static final int ALLOCATION = 32;

    private final EntityManager entityManager;
    private final byte[] masterKey;
    private final int digits;
    private final long domain;
    private final int halfBits;
    /** Numbers drawn for {@link #drawnFor} and checked free, not yet handed out. */
    private final java.util.ArrayDeque<String> drawn = new java.util.ArrayDeque<>();
    private LocalDate drawnFor;

    @jakarta.inject.Inject
    public TrackingNumbers(EntityManager entityManager, IntakeConfig config, QueryCodes queryCodes) {
        this(entityManager, config.trackingNumber().suffixDigits(), queryCodes.derivedKey("tracking-number"));
    }

    TrackingNumbers(EntityManager entityManager, int digits, byte[] masterKey) {
        if (digits < 6 || digits > 12) {
            throw new IllegalStateException("intake.tracking-number.suffix-digits must be between 6 and 12");
        }
        this.entityManager = entityManager;
        this.masterKey = masterKey.clone();
        this.digits = digits;
        this.domain = (long) Math.pow(10, digits);
        int bits = 64 - Long.numberOfLeadingZeros(domain - 1);
        this.halfBits = (bits + 1) / 2; // a balanced Feistel network on 2*halfBits bits, cycle-walked into the domain
    }

    /**
     * The next number for a petition registered on {@code day} (China date). Numbers are drawn {@value #ALLOCATION}
     * at a time: two statements (the sequence values, then which of their numbers are taken already) serve that many
     * registrations. A number drawn but never used (its registration rolled back, the service stopped, the day
     * ended) is a gap, as a rolled-back sequence value always was.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public String next(LocalDate day) {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            synchronized (drawn) {
                if (day.equals(drawnFor) && !drawn.isEmpty()) {
                    return drawn.poll();
                }
            }
            draw(day);
        }
        // only when a day has used up its numbers: refuse rather than hand out a number twice
        throw new ProblemException(Problem.of("tracking-numbers-exhausted", "Registration unavailable", 503,
                "No tracking number is free for today; retry later (with the same Idempotency-Key)"));
    }

    private void draw(LocalDate day) {
        @SuppressWarnings("unchecked")
        List<Number> sequence = entityManager.createNativeQuery(
                        "select nextval('tracking_number_seq') from generate_series(1, :n)")
                .setParameter("n", ALLOCATION).getResultList();
        Permutation permutation = permutationOf(day);
        List<String> candidates = sequence.stream().map(n -> format(permutation, day, n.longValue())).toList();
        @SuppressWarnings("unchecked")
        Set<String> taken = new HashSet<>(entityManager.createNativeQuery(
                        "select tracking_number from petition where tracking_number in (:numbers)")
                .setParameter("numbers", candidates).getResultList());
        synchronized (drawn) {
            if (!day.equals(drawnFor)) {
                drawn.clear();
                drawnFor = day;
            }
            candidates.stream().filter(n -> !taken.contains(n)).forEach(drawn::add);
        }
    }

    /** XF + yyyyMMdd + the permuted suffix, zero-padded. */
    String format(LocalDate day, long sequence) {
        return format(permutationOf(day), day, sequence);
    }

    String format(Permutation permutation, LocalDate day, long sequence) {
        long suffix = permutation.permute(Math.floorMod(sequence, domain));
        return "XF" + DAY.format(day) + String.format("%0" + digits + "d", suffix);
    }

    /**
     * The day's permutation of the suffixes. Its key is an HMAC-SHA256 of the day under the master key; its round
     * function is AES under that key (a PRF, as in NIST SP 800-38G's FF1), one block a round: an HMAC round costs four
     * SHA-256 compressions, ten times an AES block on a JVM without the SHA intrinsics (C1, as the services run).
     */
    Permutation permutationOf(LocalDate day) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(masterKey, "HmacSHA256"));
            byte[] dayKey = mac.doFinal(DAY.format(day).getBytes(StandardCharsets.US_ASCII));
            Cipher aes = Cipher.getInstance("AES/ECB/NoPadding");
            aes.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(dayKey, "AES"));
            return new Permutation(aes);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 and AES are in every JDK", e);
        }
    }

    /**
     * A bijection of [0, 10^digits): a balanced Feistel network on a slightly larger power of two, walked until the
     * value falls inside (cycle walking). One thread's: it holds a cipher and a block.
     */
    final class Permutation {
        private final Cipher aes;
        private final byte[] in = new byte[16];
        private final byte[] out = new byte[16];

        private Permutation(Cipher aes) {
            this.aes = aes;
        }

        long permute(long value) {
            long x = value;
            do {
                x = feistel(x);
            } while (x >= domain);
            return x;
        }

        private long feistel(long value) {
            long mask = (1L << halfBits) - 1;
            long left = value >>> halfBits;
            long right = value & mask;
            try {
                for (int round = 0; round < ROUNDS; round++) {
                    // the block: the round, then the right half big-endian, the rest zero
                    in[0] = (byte) round;
                    for (int b = 0; b < 8; b++) {
                        in[1 + b] = (byte) (right >>> (56 - 8 * b));
                    }
                    aes.doFinal(in, 0, 16, out, 0);
                    long f = 0;
                    for (int b = 0; b < 8; b++) {
                        f = (f << 8) | (out[b] & 0xff);
                    }
                    long next = left ^ (f & mask);
                    left = right;
                    right = next;
                }
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
            return (left << halfBits) | right;
        }
    }
}

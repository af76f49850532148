package gov.petitions.intake.service;

import gov.petitions.intake.config.IntakeConfig;
import gov.petitions.platform.problem.Problem;
import gov.petitions.platform.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;

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
    /** Numbers already taken today (issued before this scheme, or under an earlier key) are skipped, a few at most. */
    private static final int ATTEMPTS = 16;

    private final EntityManager entityManager;
    private final byte[] masterKey;
    private final int digits;
    private final long domain;
    private final int halfBits;

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

    /** The next number for a petition registered on {@code day} (China date). */
    @Transactional(Transactional.TxType.MANDATORY)
    public String next(LocalDate day) {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            long sequence = ((Number) entityManager.createNativeQuery("select nextval('tracking_number_seq')")
                    .getSingleResult()).longValue();
            String candidate = format(day, sequence);
            boolean taken = !entityManager.createNativeQuery("select 1 from petition where tracking_number = :n")
                    .setParameter("n", candidate).getResultList().isEmpty();
            if (!taken) {
                return candidate;
            }
        }
        // only when a day has used up its numbers: refuse rather than hand out a number twice
        throw new ProblemException(Problem.of("tracking-numbers-exhausted", "Registration unavailable", 503,
                "No tracking number is free for today; retry later (with the same Idempotency-Key)"));
    }

    /** XF + yyyyMMdd + the permuted suffix, zero-padded. */
    String format(LocalDate day, long sequence) {
        long suffix = permute(dayKey(day), Math.floorMod(sequence, domain));
        return "XF" + DAY.format(day) + String.format("%0" + digits + "d", suffix);
    }

    /** A bijection of [0, 10^digits): Feistel on a slightly larger power of two, walking until inside. */
    long permute(SecretKeySpec key, long value) {
        long x = value;
        do {
            x = feistel(key, x);
        } while (x >= domain);
        return x;
    }

    private long feistel(SecretKeySpec key, long value) {
        long mask = (1L << halfBits) - 1;
        long left = value >>> halfBits;
        long right = value & mask;
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            for (int round = 0; round < ROUNDS; round++) {
                mac.update((byte) round);
                byte[] f = mac.doFinal(ByteBuffer.allocate(8).putLong(right).array());
                long next = left ^ (ByteBuffer.wrap(f).getLong() & mask);
                left = right;
                right = next;
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        return (left << halfBits) | right;
    }

    SecretKeySpec dayKey(LocalDate day) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(masterKey, "HmacSHA256"));
            return new SecretKeySpec(mac.doFinal(DAY.format(day).getBytes(StandardCharsets.US_ASCII)), "HmacSHA256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}

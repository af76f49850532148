package gov.petitions.intake.service;

import gov.petitions.intake.config.IntakeConfig;
import jakarta.enterprise.context.ApplicationScoped;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Query codes (查询码): random, at least 60 bits, and stored only as a keyed hash, so a copy of the database alone
 * does not let anyone try codes offline. The stored value is HMAC-SHA256(key, SHA-256(code)).
 */
@ApplicationScoped
public class QueryCodes {

    /** No 0/O or 1/I/L: the code is read out on the phone and copied from paper. 31 characters, 4.95 bits each. */
    static final char[] ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789".toCharArray();
    static final int MIN_LENGTH = 12;

    private final SecretKeySpec key;
    private final int length;
    private final SecureRandom random = new SecureRandom();

    public QueryCodes(IntakeConfig config) {
        this.key = keyOf(config.queryCode().hmacKey());
        this.length = config.queryCode().length();
        if (length < MIN_LENGTH || length > 32) {
            throw new IllegalStateException("intake.query-code.length must be between " + MIN_LENGTH + " and 32");
        }
    }

    static SecretKeySpec keyOf(String base64) {
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(base64.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("intake.query-code.hmac-key is not base64");
        }
        if (raw.length < 32) {
            throw new IllegalStateException("intake.query-code.hmac-key must be at least 32 bytes (base64), was " + raw.length);
        }
        return new SecretKeySpec(raw, "HmacSHA256");
    }

    public String newCode() {
        char[] code = new char[length];
        for (int i = 0; i < code.length; i++) {
            code[i] = ALPHABET[random.nextInt(ALPHABET.length)];
        }
        return new String(code);
    }

    /** What is stored for a code. Case does not matter: people type codes as they please. */
    public String mac(String code) {
        return hmac(key, "query-code|" + sha256(code.strip().toUpperCase(Locale.ROOT)));
    }

    /** Does the code match what the petition stores? A petition without a stored code (archived) matches none. */
    public boolean matches(String code, String storedMac) {
        return storedMac != null && MessageDigest.isEqual(storedMac.getBytes(StandardCharsets.US_ASCII),
                mac(code).getBytes(StandardCharsets.US_ASCII));
    }

    /** A key for another purpose, derived from the same secret (e.g. the tracking-number permutation). */
    public byte[] derivedKey(String purpose) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac.doFinal(("derive|" + purpose).getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static String sha256(String value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String hmac(SecretKeySpec key, String value) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return HexFormat.of().formatHex(mac.doFinal(value.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}

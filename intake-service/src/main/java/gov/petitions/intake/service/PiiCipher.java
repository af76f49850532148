package gov.petitions.intake.service;

import gov.petitions.intake.config.IntakeConfig;
import jakarta.enterprise.context.ApplicationScoped;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/**
 * AES-256-GCM for petitioner identity at rest. Each ciphertext is [key id][96-bit nonce][sealed data],
 * so keys can be rotated: new writes use the current key, reads find the key by its id, and the
 * re-encryption job moves old rows to the current key before the old key is retired.
 */
@ApplicationScoped
public class PiiCipher {

    private static final int NONCE_BYTES = 12;
    private final int currentKeyId;
    private final Map<Integer, SecretKeySpec> keys = new HashMap<>();
    private final SecureRandom random = new SecureRandom();

    public PiiCipher(IntakeConfig config) {
        this.currentKeyId = config.pii().keyId();
        if (currentKeyId < 1 || currentKeyId > 255) {
            throw new IllegalStateException("intake.pii.key-id must be between 1 and 255");
        }
        keys.put(currentKeyId, key(config.pii().encryptionKey(), "intake.pii.encryption-key"));
        config.pii().previousKeys().forEach((id, value) ->
                keys.putIfAbsent(Integer.parseInt(id), key(value, "intake.pii.previous-keys." + id)));
    }

    /**
     * A keyed hash (HMAC-SHA256) of a resident ID number or phone number, to recognise the same person again
     * without storing either in clear. Its key derives from the current encryption key; the re-encryption
     * job recomputes it when the key changes, and {@link #indexesUnderEveryKey} finds rows not yet moved.
     */
    public String index(IdentityKind kind, String value) {
        return index(keys.get(currentKeyId), kind, value);
    }

    /** The index under the current key and under every key being rotated out. */
    public java.util.List<String> indexesUnderEveryKey(IdentityKind kind, String value) {
        java.util.List<String> all = new java.util.ArrayList<>();
        all.add(index(kind, value));
        keys.forEach((id, key) -> {
            if (id != currentKeyId) {
                all.add(index(key, kind, value));
            }
        });
        return all;
    }

    public enum IdentityKind {
        ID_NUMBER, PHONE;

        String normalize(String value) {
            return this == ID_NUMBER ? value.strip().toUpperCase(java.util.Locale.ROOT) : value.replaceAll("[^0-9]", "");
        }
    }

    private static String index(SecretKeySpec key, IdentityKind kind, String value) {
        try {
            javax.crypto.Mac derive = javax.crypto.Mac.getInstance("HmacSHA256");
            derive.init(key);
            byte[] indexKey = derive.doFinal("petitioner-identity-index".getBytes(StandardCharsets.UTF_8));
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(indexKey, "HmacSHA256"));
            String normalized = kind.name() + "|" + kind.normalize(value);
            return java.util.HexFormat.of().formatHex(mac.doFinal(normalized.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("identity index failed", e);
        }
    }

    public int currentKeyId() {
        return currentKeyId;
    }

    public static int keyIdOf(byte[] stored) {
        return stored[0] & 0xff;
    }

    public byte[] encrypt(String clear) {
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            random.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, keys.get(currentKeyId), new GCMParameterSpec(128, nonce));
            // the key id is authenticated too: a ciphertext cannot be passed off under another key
            cipher.updateAAD(new byte[]{(byte) currentKeyId});
            byte[] sealed = cipher.doFinal(clear.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.allocate(1 + NONCE_BYTES + sealed.length).put((byte) currentKeyId).put(nonce).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PII encryption failed", e);
        }
    }

    public String decrypt(byte[] stored) {
        int keyId = keyIdOf(stored);
        SecretKeySpec key = keys.get(keyId);
        if (key == null) {
            throw new IllegalStateException("PII key " + keyId + " is not configured (intake.pii.previous-keys)");
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, stored, 1, NONCE_BYTES));
            cipher.updateAAD(new byte[]{(byte) keyId});
            return new String(cipher.doFinal(stored, 1 + NONCE_BYTES, stored.length - 1 - NONCE_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PII decryption failed (wrong key?)", e);
        }
    }

    private static SecretKeySpec key(String base64, String name) {
        byte[] raw = Base64.getDecoder().decode(base64.trim());
        if (raw.length != 32) {
            throw new IllegalStateException(name + " must be 32 bytes (base64), was " + raw.length);
        }
        return new SecretKeySpec(raw, "AES");
    }

    /** 张三丰 -> 张**; a single character stays as it is. */
    public static String maskName(String name) {
        int[] cps = name.strip().codePoints().toArray();
        if (cps.length <= 1) {
            return name.strip();
        }
        return new String(cps, 0, 1) + "*".repeat(cps.length - 1);
    }

    /** 340102199001011234 -> 3401**********1234: the county of issue and the last four, as on receipts. */
    public static String maskIdNumber(String idNumber) {
        String id = idNumber.strip();
        return id.substring(0, 4) + "*".repeat(id.length() - 8) + id.substring(id.length() - 4);
    }

    /** 13812345678 -> 138****5678 */
    public static String maskPhone(String phone) {
        String digits = phone.replaceAll("[^0-9]", "");
        if (digits.length() < 7) {
            return "*".repeat(digits.length());
        }
        return digits.substring(0, 3) + "*".repeat(digits.length() - 7) + digits.substring(digits.length() - 4);
    }
}

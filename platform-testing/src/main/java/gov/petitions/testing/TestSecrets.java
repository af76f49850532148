package gov.petitions.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;

/**
 * Makes the secrets a service needs at test time, so none is ever committed: an RSA key pair for
 * bearer tokens (the service verifies, {@link TestTokens} signs) and a key for PII encryption.
 */
public class TestSecrets implements QuarkusTestResourceLifecycleManager {

    public static final String ISSUER = "https://petitions.test/issuer";
    static final Path KEY_DIR = Path.of("target", "test-keys");

    @Override
    public Map<String, String> start() {
        Path publicKey = KEY_DIR.resolve("public.pem");
        try {
            if (!Files.exists(publicKey)) {
                Files.createDirectories(KEY_DIR);
                KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
                generator.initialize(2048);
                KeyPair pair = generator.generateKeyPair();
                Files.writeString(KEY_DIR.resolve("private.pem"), pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
                Files.writeString(publicKey, pem("PUBLIC KEY", pair.getPublic().getEncoded()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        // two PII keys, as in the middle of a rotation: rows are written under key 2, key 1 still reads
        return Map.of(
                "mp.jwt.verify.publickey.location", publicKey.toAbsolutePath().toString(),
                "mp.jwt.verify.issuer", ISSUER,
                "intake.pii.encryption-key", piiKey(2),
                "intake.pii.key-id", "2",
                "intake.pii.previous-keys.1", piiKey(1));
    }

    /** The test issuer's private key, for a service that signs its own identity's tokens (ServiceTokens). */
    public static Path privateKeyFile() {
        return KEY_DIR.resolve("private.pem").toAbsolutePath();
    }

    /** A PII key made once per build directory, so rows written by an earlier test JVM stay readable. */
    public static String piiKey(int id) {
        Path file = KEY_DIR.resolve("pii-" + id + ".key");
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(KEY_DIR);
                byte[] key = new byte[32];
                new SecureRandom().nextBytes(key);
                Files.writeString(file, Base64.getEncoder().encodeToString(key));
            }
            return Files.readString(file).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void stop() {
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}

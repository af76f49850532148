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
        byte[] piiKey = new byte[32];
        new SecureRandom().nextBytes(piiKey);
        return Map.of(
                "mp.jwt.verify.publickey.location", publicKey.toAbsolutePath().toString(),
                "mp.jwt.verify.issuer", ISSUER,
                "intake.pii.encryption-key", Base64.getEncoder().encodeToString(piiKey));
    }

    @Override
    public void stop() {
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}

package gov.petitions.testing;

import gov.petitions.platform.tokens.TokenMinter;
import org.eclipse.microprofile.config.ConfigProvider;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.util.Base64;
import java.util.Set;

/**
 * Bearer tokens for tests, signed with the key {@link TestSecrets} made (or, for the end-to-end
 * suite, the key the system was started with: system properties {@code petitions.test.sign-key}
 * and {@code petitions.test.issuer}).
 */
public final class TestTokens {

    private TestTokens() {
    }

    /**
     * The province of the application under test: its {@code petitions.province.code} (a test profile's, the
     * environment's PETITIONS_PROVINCE_CODE), else platform-support's default, Anhui's 34. platform-testing reads the
     * key itself: it does not depend on platform-support, whose messaging the console's tests must not start.
     */
    public static String province() {
        return ConfigProvider.getConfig().getOptionalValue("petitions.province.code", String.class).orElse("34");
    }

    /** A desk clerk of the province's bureau: clerks are scoped by jurisdiction like supervisors. */
    public static String clerk() {
        return clerk(province());
    }

    public static String clerk(String jurisdiction) {
        return token("clerk-" + jurisdiction, Set.of("clerk"), null, jurisdiction);
    }

    public static String leader(String jurisdiction) {
        return token("leader-" + jurisdiction, Set.of("leader"), null, jurisdiction);
    }

    public static String service() {
        return token("svc-test", Set.of("service"), null, null);
    }

    public static String handler(String unitCode) {
        return token("handler-" + unitCode, Set.of("handler"), unitCode, null);
    }

    public static String supervisor(String jurisdiction) {
        return token("supervisor-" + jurisdiction, Set.of("supervisor"), null, jurisdiction);
    }

    public static String auditor() {
        return token("auditor-1", Set.of("auditor"), null, null);
    }

    /**
     * Signed by the platform's one minter (platform-tokens), as ./petitions token and the console's dev sign-in.
     * The same holder gets the same token again while it has at least half its life left: an RS256 signature costs
     * about 14 ms in a test JVM that runs C1 only (BigInteger's intrinsics are C2's), and a suite asks for thousands.
     */
    public static String token(String subject, Set<String> roles, String unit, String jurisdiction) {
        TokenMinter.Holder holder = new TokenMinter.Holder(subject, roles, unit, jurisdiction);
        String issuer = System.getProperty("petitions.test.issuer", TestSecrets.ISSUER);
        Minted key = new Minted(keyPath(), issuer, holder);
        java.time.Instant now = java.time.Instant.now();
        Signed signed = SIGNED.get(key);
        if (signed == null || !now.isBefore(signed.freshUntil())) {
            java.time.Duration lifetime = TokenMinter.longestFor(holder);
            signed = new Signed(new TokenMinter(privateKey(key.keyPath()), issuer, TokenMinter.AUDIENCE).mint(holder, now, lifetime),
                    now.plus(lifetime.dividedBy(2)));
            SIGNED.put(key, signed);
        }
        return signed.token();
    }

    /** Which key signed, for whom, under which issuer: the end-to-end suite signs with the system's key. */
    private record Minted(Path keyPath, String issuer, TokenMinter.Holder holder) {
    }

    private record Signed(String token, java.time.Instant freshUntil) {
    }

    private static final java.util.Map<Minted, Signed> SIGNED = new java.util.concurrent.ConcurrentHashMap<>();
    private static final java.util.Map<Path, PrivateKey> KEYS = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * The claims of a bearer token that an edge stand-in received, after checking its RS256 signature with the test
     * key's public half; an AssertionError for anything else.
     */
    public static com.fasterxml.jackson.databind.JsonNode verifiedClaims(String authorizationHeader) {
        if (authorizationHeader == null || !authorizationHeader.startsWith("Bearer ")) {
            throw new AssertionError("no bearer token: " + authorizationHeader);
        }
        String[] parts = authorizationHeader.substring(7).split("\\.");
        if (parts.length != 3) {
            throw new AssertionError("not a JWS");
        }
        try {
            java.security.interfaces.RSAPrivateCrtKey key = (java.security.interfaces.RSAPrivateCrtKey) privateKey();
            java.security.PublicKey publicKey = KeyFactory.getInstance("RSA").generatePublic(
                    new java.security.spec.RSAPublicKeySpec(key.getModulus(), key.getPublicExponent()));
            java.security.Signature rs256 = java.security.Signature.getInstance("SHA256withRSA");
            rs256.initVerify(publicKey);
            rs256.update((parts[0] + "." + parts[1]).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            if (!rs256.verify(Base64.getUrlDecoder().decode(parts[2]))) {
                throw new AssertionError("the token's signature is not the test issuer's");
            }
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(Base64.getUrlDecoder().decode(parts[1]));
        } catch (GeneralSecurityException | IOException e) {
            throw new AssertionError("unreadable token", e);
        }
    }

    private static Path keyPath() {
        return Path.of(System.getProperty("petitions.test.sign-key", TestSecrets.KEY_DIR.resolve("private.pem").toString()));
    }

    private static PrivateKey privateKey() {
        return privateKey(keyPath());
    }

    private static PrivateKey privateKey(Path path) {
        return KEYS.computeIfAbsent(path, p -> {
            try {
                return TokenMinter.readPrivateKey(p);
            } catch (IOException e) {
                throw new UncheckedIOException("no signing key at " + p.toAbsolutePath(), e);
            }
        });
    }
}

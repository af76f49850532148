package gov.petitions.platform.tokens;

import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TokenMinterTest {

    static KeyPair keys;
    static KeyPair otherKeys;

    @TempDir
    Path dir;

    @BeforeAll
    static void keys() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        keys = generator.generateKeyPair();
        otherKeys = generator.generateKeyPair();
    }

    /** What the services do: RS256 with the instance's public key, the issuer and audience, expiry at a given time. */
    static JwtClaims verify(String token, java.security.PublicKey key, Instant at) throws InvalidJwtException {
        JwtConsumer consumer = new JwtConsumerBuilder().setVerificationKey(key)
                .setJwsAlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT, AlgorithmIdentifiers.RSA_USING_SHA256)
                .setExpectedIssuer("https://petitions.local/issuer").setExpectedAudience("petitions")
                .setRequireExpirationTime().setRequireIssuedAt().setRequireSubject()
                .setEvaluationTime(org.jose4j.jwt.NumericDate.fromSeconds(at.getEpochSecond())).build();
        return consumer.processToClaims(token);
    }

    Path pem(KeyPair pair) throws Exception {
        Path file = dir.resolve("private.pem");
        Files.writeString(file, "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(pair.getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n");
        return file;
    }

    @Test
    void aHandlersTokenCarriesItsRoleUnitIssuerAudienceAndLifetimeAndIsSignedWithTheInstanceKey() throws Exception {
        TokenMinter minter = TokenMinter.fromPem(pem(keys), TokenMinter.DEFAULT_ISSUER);
        Instant issued = Instant.parse("2026-12-05T10:00:00.700Z");
        String token = minter.mint(TokenMinter.Holder.of("handler-341302-RSJ", "handler").withUnit("341302-RSJ"),
                issued, Duration.ofMinutes(30));

        JwtClaims claims = verify(token, keys.getPublic(), issued.plusSeconds(60));
        assertEquals("handler-341302-RSJ", claims.getSubject());
        assertEquals("handler-341302-RSJ", claims.getStringClaimValue("upn"));
        assertEquals(List.of("handler"), claims.getStringListClaimValue("groups"));
        assertEquals("341302-RSJ", claims.getStringClaimValue("unit"));
        assertFalse(claims.hasClaim("jurisdiction"), "no jurisdiction was given");
        assertEquals(issued.getEpochSecond(), claims.getIssuedAt().getValue(), "iat in whole seconds");
        assertEquals(issued.getEpochSecond() + 1800, claims.getExpirationTime().getValue());
        JsonWebSignature jws = new JsonWebSignature();
        jws.setCompactSerialization(token);
        assertEquals("RS256", jws.getAlgorithmHeaderValue());
    }

    @Test
    void theHeaderNamesTheKeyAsKeycloakNamesItInItsJwks() throws Exception {
        String token = TokenMinter.fromPem(pem(keys), TokenMinter.DEFAULT_ISSUER)
                .mint(TokenMinter.Holder.of("clerk-34", "clerk").withJurisdiction("34"), Instant.now(), Duration.ofMinutes(5));
        JsonWebSignature jws = new JsonWebSignature();
        jws.setCompactSerialization(token);
        // Keycloak's KeyUtils.createKeyId: base64url of the SHA-256 of the public key's X.509 encoding, unpadded
        String expected = Base64.getUrlEncoder().withoutPadding().encodeToString(
                java.security.MessageDigest.getInstance("SHA-256").digest(keys.getPublic().getEncoded()));
        assertEquals(expected, jws.getKeyIdHeaderValue());
        assertEquals(43, expected.length());
        String other = TokenMinter.fromPem(pem(otherKeys), TokenMinter.DEFAULT_ISSUER)
                .mint(TokenMinter.Holder.of("clerk-34", "clerk"), Instant.now(), Duration.ofMinutes(5));
        jws.setCompactSerialization(other);
        assertFalse(expected.equals(jws.getKeyIdHeaderValue()), "another key, another id");
    }

    @Test
    void aSupervisorsTokenCarriesTheJurisdictionAndNoUnit() throws Exception {
        TokenMinter minter = new TokenMinter(keys.getPrivate(), TokenMinter.DEFAULT_ISSUER, TokenMinter.AUDIENCE);
        Instant now = Instant.now();
        JwtClaims claims = verify(minter.mint(TokenMinter.Holder.of("s", "supervisor").withJurisdiction("3413"), now,
                Duration.ofHours(1)), keys.getPublic(), now);
        assertEquals("3413", claims.getStringClaimValue("jurisdiction"));
        assertNull(claims.getClaimValue("unit"));
    }

    @Test
    void theTokenExpiresWhenItsLifetimeIsOver() throws Exception {
        TokenMinter minter = new TokenMinter(keys.getPrivate(), TokenMinter.DEFAULT_ISSUER, TokenMinter.AUDIENCE);
        Instant issued = Instant.parse("2026-12-05T10:00:00Z");
        String token = minter.mint(TokenMinter.Holder.of("clerk-34", "clerk").withJurisdiction("34"), issued, Duration.ofMinutes(5));
        verify(token, keys.getPublic(), issued.plusSeconds(299));
        // jose4j allows no clock skew unless asked: a second after exp the token is refused
        InvalidJwtException expired = assertThrows(InvalidJwtException.class,
                () -> verify(token, keys.getPublic(), issued.plusSeconds(301)));
        assertTrue(expired.hasExpired(), expired.getMessage());
    }

    @Test
    void anotherKeysSignatureIsRefused() throws Exception {
        String token = new TokenMinter(otherKeys.getPrivate(), TokenMinter.DEFAULT_ISSUER, TokenMinter.AUDIENCE)
                .mint(TokenMinter.Holder.of("auditor-1", "auditor"), Instant.now(), Duration.ofMinutes(1));
        assertThrows(InvalidJwtException.class, () -> verify(token, keys.getPublic(), Instant.now()));
    }

    @Test
    void lifetimesThePolicyWouldRefuseAreNotMinted() {
        TokenMinter minter = new TokenMinter(keys.getPrivate(), TokenMinter.DEFAULT_ISSUER, TokenMinter.AUDIENCE);
        Instant now = Instant.now();
        assertThrows(IllegalArgumentException.class,
                () -> minter.mint(TokenMinter.Holder.of("c", "clerk"), now, Duration.ofHours(1).plusSeconds(1)));
        assertThrows(IllegalArgumentException.class,
                () -> minter.mint(TokenMinter.Holder.of("intake-service", "service"), now, Duration.ofMinutes(11)));
        assertThrows(IllegalArgumentException.class, () -> minter.mint(TokenMinter.Holder.of("c", "clerk"), now, Duration.ZERO));
        minter.mint(TokenMinter.Holder.of("intake-service", "service"), now, Duration.ofMinutes(10));
        assertThrows(IllegalArgumentException.class, () -> TokenMinter.Holder.of("nobody"));
        assertThrows(IllegalArgumentException.class, () -> TokenMinter.Holder.of(" ", "clerk"));
    }

    @Test
    void theCommandLineMintsWhatTheScriptAsksFor() throws Exception {
        Path key = pem(keys);
        Instant before = Instant.now();
        String token = TokenMinter.fromArguments(new String[] {"--key", key.toString(), "--issuer", TokenMinter.DEFAULT_ISSUER,
                "--sub", "leader-local", "--group", "leader", "--jurisdiction", "34", "--ttl", "600"});
        JwtClaims claims = verify(token, keys.getPublic(), Instant.now());
        assertEquals(List.of("leader"), claims.getStringListClaimValue("groups"));
        assertEquals("34", claims.getStringClaimValue("jurisdiction"));
        assertEquals(600, claims.getExpirationTime().getValue() - claims.getIssuedAt().getValue());
        assertTrue(claims.getIssuedAt().getValue() >= before.getEpochSecond());
        // no --ttl: the longest the policy allows, ten minutes for a service
        JwtClaims service = verify(TokenMinter.fromArguments(new String[] {"--key", key.toString(), "--sub", "svc", "--group", "service"}),
                keys.getPublic(), Instant.now());
        assertEquals(600, service.getExpirationTime().getValue() - service.getIssuedAt().getValue());
        assertThrows(IllegalArgumentException.class, () -> TokenMinter.fromArguments(new String[] {"--key", key.toString(),
                "--sub", "c", "--group", "clerk", "--ttl", "7200"}));
        assertThrows(IllegalArgumentException.class, () -> TokenMinter.fromArguments(new String[] {"--sub", "c", "--group", "clerk"}));
        assertThrows(IllegalArgumentException.class, () -> TokenMinter.fromArguments(new String[] {"--key", key.toString(), "--bogus", "x"}));
    }

    @Test
    void aFileWithoutAPkcs8KeyIsRefusedWithAReason() throws Exception {
        Path notAKey = dir.resolve("public.pem");
        Files.writeString(notAKey, "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n");
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> TokenMinter.readPrivateKey(notAKey));
        assertTrue(refused.getMessage().contains("PKCS#8"));
        Path garbage = dir.resolve("garbage.pem");
        Files.writeString(garbage, "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");
        assertThrows(IllegalArgumentException.class, () -> TokenMinter.readPrivateKey(garbage));
    }
}

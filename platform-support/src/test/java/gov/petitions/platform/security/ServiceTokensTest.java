package gov.petitions.platform.security;

import com.sun.net.httpserver.HttpServer;
import io.smallrye.jwt.auth.principal.DefaultJWTCallerPrincipal;
import org.jose4j.jwt.JwtClaims;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ServiceTokensTest {

    static JwtClaims claimsOf(String token) throws Exception {
        return JwtClaims.parse(new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8));
    }

    @Test
    void aLocallySignedTokenNamesTheServiceAndPassesThePolicyAndIsRenewedBeforeItLapses() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair keys = generator.generateKeyPair();
        Path pem = Files.createTempFile("service-key", ".pem");
        Files.writeString(pem, "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(keys.getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n");
        AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-12-04T10:00:00Z"));
        Clock clock = new Clock() {
            public java.time.ZoneId getZone() { return ZoneOffset.UTC; }
            public Clock withZone(java.time.ZoneId zone) { return this; }
            public Instant instant() { return now.get(); }
        };
        ServiceTokens tokens = new ServiceTokens("notification-service", Optional.empty(), Optional.empty(), Optional.of(pem),
                "https://petitions.local/issuer", "petitions", clock);
        assertTrue(tokens.configured());
        String first = tokens.bearer();
        assertEquals(first, tokens.bearer(), "reused while fresh");
        JwtClaims claims = claimsOf(first);
        assertEquals("notification-service", claims.getSubject());
        assertTrue(claims.getAudience().contains("petitions"));
        assertTrue(claims.getStringListClaimValue("groups").contains("service"));
        long nowSeconds = now.get().getEpochSecond();
        assertDoesNotThrow(() -> TokenPolicy.defaults().check(new DefaultJWTCallerPrincipal(claims), nowSeconds));
        now.set(now.get().plus(ServiceTokens.LIFETIME).minus(ServiceTokens.RENEW_BEFORE));
        assertNotEquals(first, tokens.bearer(), "renewed a minute before it expires");
    }

    @Test
    void clientCredentialsAreAskedOfTheProviderOnceAndTheTokenIsKept() throws Exception {
        AtomicInteger grants = new AtomicInteger();
        AtomicReference<String> form = new AtomicReference<>();
        HttpServer provider = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        provider.createContext("/token", exchange -> {
            grants.incrementAndGet();
            form.set(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            byte[] out = "{\"access_token\":\"from-provider\",\"expires_in\":300,\"token_type\":\"Bearer\"}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, out.length);
            exchange.getResponseBody().write(out);
            exchange.close();
        });
        provider.start();
        try {
            URI endpoint = URI.create("http://127.0.0.1:" + provider.getAddress().getPort() + "/token");
            ServiceTokens tokens = new ServiceTokens("intake-service", Optional.of(endpoint), Optional.of("s3cret&x"), Optional.empty(),
                    "iss", "petitions", Clock.systemUTC());
            assertEquals("from-provider", tokens.bearer());
            assertEquals("from-provider", tokens.bearer());
            assertEquals(1, grants.get());
            assertTrue(form.get().contains("grant_type=client_credentials"), form.get());
            assertTrue(form.get().contains("client_id=intake-service"), form.get());
            assertTrue(form.get().contains("client_secret=s3cret%26x"), form.get());
        } finally {
            provider.stop(0);
        }
    }

    @Test
    void withoutAnIdentityThereIsNoToken() {
        ServiceTokens none = new ServiceTokens("x", Optional.empty(), Optional.empty(), Optional.empty(), "iss", "petitions", Clock.systemUTC());
        assertFalse(none.configured());
        assertThrows(ServiceTokens.ServiceIdentityException.class, none::bearer);
    }
}

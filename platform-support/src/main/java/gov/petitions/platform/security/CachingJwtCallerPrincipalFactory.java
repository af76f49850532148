package gov.petitions.platform.security;

import io.smallrye.jwt.auth.principal.DefaultJWTCallerPrincipalFactory;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTCallerPrincipal;
import io.smallrye.jwt.auth.principal.JWTCallerPrincipalFactory;
import io.smallrye.jwt.auth.principal.ParseException;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Verifies a bearer token, applies the platform's {@link TokenPolicy} (audience, issue time, lifetime), and
 * remembers tokens whose signature was verified, for at most a minute and never past their expiry. A clerk's
 * client sends the same token with every request; checking its RSA signature each time was an eighth of intake's
 * CPU under load (README, Benchmark). Only successes are remembered, keyed by the token's SHA-256 (the
 * bearer token itself is not kept), so a changed, forged or expired token is always verified in full.
 */
@ApplicationScoped
@Alternative
@Priority(1)
public class CachingJwtCallerPrincipalFactory extends JWTCallerPrincipalFactory {

    static final Duration LONGEST_REUSE = Duration.ofMinutes(1);
    static final int MOST_TOKENS = 10_000;

    private final JWTCallerPrincipalFactory verifier;
    private final Clock clock;
    private final TokenPolicy policy;
    private final ConcurrentHashMap<String, Verified> verified = new ConcurrentHashMap<>();

    /**
     * The machine's clock, not the platform's {@link Clock} bean: a token's times are set by the identity provider's
     * clock and its expiry is checked by the verifier against the machine's, so the policy's checks must agree with
     * both; the platform's clock may be moved (tests' MovableClock, petitions.clock.start), and a token issued now
     * would then seem issued in the future.
     */
    public CachingJwtCallerPrincipalFactory() {
        this(new DefaultJWTCallerPrincipalFactory(), Clock.systemUTC(), TokenPolicy.fromConfig());
    }

    CachingJwtCallerPrincipalFactory(JWTCallerPrincipalFactory verifier, Clock clock, TokenPolicy policy) {
        this.verifier = verifier;
        this.clock = clock;
        this.policy = policy;
    }

    private record Verified(JWTCallerPrincipal principal, long reusableUntilMillis) {
    }

    @Override
    public JWTCallerPrincipal parse(String token, JWTAuthContextInfo authContextInfo) throws ParseException {
        String key = sha256(token);
        long now = clock.millis();
        Verified known = verified.get(key);
        if (known != null && now < known.reusableUntilMillis()) {
            return known.principal();
        }
        JWTCallerPrincipal principal = verifier.parse(token, authContextInfo);
        policy.check(principal, now / 1000);
        long expiresMillis = principal.getExpirationTime() * 1000;
        long reusableUntil = Math.min(now + LONGEST_REUSE.toMillis(), expiresMillis);
        if (reusableUntil > now) {
            if (verified.size() >= MOST_TOKENS) {
                verified.clear(); // crude but bounded; the next requests verify again
            }
            verified.put(key, new Verified(principal, reusableUntil));
        }
        return principal;
    }

    private static String sha256(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

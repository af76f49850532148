package gov.petitions.platform.security;

import io.smallrye.jwt.auth.principal.DefaultJWTCallerPrincipal;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTCallerPrincipal;
import io.smallrye.jwt.auth.principal.JWTCallerPrincipalFactory;
import io.smallrye.jwt.auth.principal.ParseException;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

class CachingJwtCallerPrincipalFactoryTest {

    private final AtomicLong nowMillis = new AtomicLong(1_800_000_000_000L);
    private final AtomicInteger verifications = new AtomicInteger();
    private final Clock clock = new Clock() {
        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(nowMillis.get());
        }
    };

    /** Stands in for the signature check: tokens "good-<expiry seconds>" verify, anything else is refused. */
    private final JWTCallerPrincipalFactory verifier = new JWTCallerPrincipalFactory() {
        @Override
        public JWTCallerPrincipal parse(String token, JWTAuthContextInfo info) throws ParseException {
            verifications.incrementAndGet();
            if (!token.startsWith("good-")) {
                throw new ParseException("bad signature");
            }
            JwtClaims claims = new JwtClaims();
            claims.setSubject("clerk");
            claims.setAudience(TokenPolicy.DEFAULT_AUDIENCE);
            long expires = Long.parseLong(token.substring(5));
            claims.setIssuedAt(NumericDate.fromSeconds(Math.min(nowMillis.get() / 1000, expires - 1)));
            claims.setExpirationTime(NumericDate.fromSeconds(expires));
            return new DefaultJWTCallerPrincipal(claims);
        }
    };

    private final CachingJwtCallerPrincipalFactory factory = new CachingJwtCallerPrincipalFactory(verifier, clock, TokenPolicy.defaults());

    @Test
    void aVerifiedTokenIsReusedForAMinuteThenVerifiedAgain() throws Exception {
        String token = "good-" + (nowMillis.get() / 1000 + 3600);
        JWTCallerPrincipal first = factory.parse(token, null);
        assertSame(first, factory.parse(token, null));
        assertEquals(1, verifications.get());
        nowMillis.addAndGet(CachingJwtCallerPrincipalFactory.LONGEST_REUSE.toMillis());
        factory.parse(token, null);
        assertEquals(2, verifications.get(), "after a minute the signature is checked again");
    }

    @Test
    void neverPastTheTokensExpiry() throws Exception {
        String token = "good-" + (nowMillis.get() / 1000 + 10);
        factory.parse(token, null);
        nowMillis.addAndGet(10_000);
        factory.parse(token, null);
        assertEquals(2, verifications.get(), "an expired token goes to the verifier, which refuses it for real");
    }

    @Test
    void aRefusedTokenIsRefusedEveryTime() {
        assertThrows(ParseException.class, () -> factory.parse("forged", null));
        assertThrows(ParseException.class, () -> factory.parse("forged", null));
        assertEquals(2, verifications.get());
    }
}

package gov.petitions.platform.security;

import io.smallrye.jwt.auth.principal.DefaultJWTCallerPrincipal;
import io.smallrye.jwt.auth.principal.ParseException;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;

class TokenPolicyTest {

    static final long NOW = 1_800_000_000L;
    final TokenPolicy policy = TokenPolicy.defaults();

    static DefaultJWTCallerPrincipal token(List<String> audience, Long issuedAt, long expires, String group) {
        JwtClaims claims = new JwtClaims();
        claims.setSubject("someone");
        if (audience != null) {
            claims.setAudience(audience);
        }
        if (issuedAt != null) {
            claims.setIssuedAt(NumericDate.fromSeconds(issuedAt));
        }
        claims.setExpirationTime(NumericDate.fromSeconds(expires));
        claims.setStringListClaim("groups", group);
        return new DefaultJWTCallerPrincipal(claims);
    }

    @Test
    void anHourLongUserTokenAndATenMinuteServiceTokenForThePlatformPass() {
        assertDoesNotThrow(() -> policy.check(token(List.of("petitions"), NOW, NOW + 3600, "clerk"), NOW));
        assertDoesNotThrow(() -> policy.check(token(List.of("account", "petitions"), NOW - 5, NOW + 595, "service"), NOW));
        assertDoesNotThrow(() -> policy.check(token(List.of("petitions"), NOW + 30, NOW + 630, "service"), NOW), "small skew");
    }

    @Test
    void aTenYearTokenIsRefused() {
        assertThrows(ParseException.class, () -> policy.check(token(List.of("petitions"), NOW, NOW + 10L * 365 * 86400, "supervisor"), NOW));
    }

    @Test
    void aServiceTokenOfThirtyDaysIsRefused() {
        assertThrows(ParseException.class, () -> policy.check(token(List.of("petitions"), NOW, NOW + 30L * 86400, "service"), NOW));
        assertThrows(ParseException.class, () -> policy.check(token(List.of("petitions"), NOW, NOW + 3600, "service"), NOW));
    }

    @Test
    void aTokenIssuedInTheFutureIsRefused() {
        assertThrows(ParseException.class, () -> policy.check(token(List.of("petitions"), NOW + 86400, NOW + 86400 + 600, "clerk"), NOW));
    }

    @Test
    void aTokenWithoutOurAudienceOrIssueTimeIsRefused() {
        assertThrows(ParseException.class, () -> policy.check(token(null, NOW, NOW + 600, "clerk"), NOW));
        assertThrows(ParseException.class, () -> policy.check(token(List.of("account"), NOW, NOW + 600, "clerk"), NOW));
        assertThrows(ParseException.class, () -> policy.check(token(List.of("petitions"), null, NOW + 600, "clerk"), NOW));
    }
}

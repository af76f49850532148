package gov.petitions.platform.security;

import io.smallrye.jwt.auth.principal.JWTCallerPrincipal;
import io.smallrye.jwt.auth.principal.ParseException;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

import java.time.Duration;
import java.util.Set;

/**
 * What a signed token must also be, beyond a valid signature, issuer and expiry (which the JWT library checks):
 * meant for this platform ({@code aud} names it), issued now or in the past (not ahead of the clock by more than a
 * small skew), and short-lived — a person's token lives at most an hour, another service's at most ten minutes.
 * A ten-year token or one dated in the future is refused, whoever signed it. One place, for every service.
 *
 * <p>Settings (defaults in brackets): {@code petitions.jwt.audience} [petitions], {@code petitions.jwt.max-lifetime}
 * [PT1H], {@code petitions.jwt.max-service-lifetime} [PT10M], {@code petitions.jwt.clock-skew} [PT1M].
 */
public record TokenPolicy(String audience, Duration maxLifetime, Duration maxServiceLifetime, Duration clockSkew) {

    public static final String DEFAULT_AUDIENCE = "petitions";

    public static TokenPolicy fromConfig() {
        Config config = ConfigProvider.getConfig();
        return new TokenPolicy(
                config.getOptionalValue("petitions.jwt.audience", String.class).orElse(DEFAULT_AUDIENCE),
                config.getOptionalValue("petitions.jwt.max-lifetime", Duration.class).orElse(Duration.ofHours(1)),
                config.getOptionalValue("petitions.jwt.max-service-lifetime", Duration.class).orElse(Duration.ofMinutes(10)),
                config.getOptionalValue("petitions.jwt.clock-skew", Duration.class).orElse(Duration.ofMinutes(1)));
    }

    public static TokenPolicy defaults() {
        return new TokenPolicy(DEFAULT_AUDIENCE, Duration.ofHours(1), Duration.ofMinutes(10), Duration.ofMinutes(1));
    }

    /** Refuses (as an unreadable token, hence 401) what the policy does not allow. */
    public void check(JWTCallerPrincipal token, long nowSeconds) throws ParseException {
        Set<String> audiences = token.getAudience();
        if (audiences == null || !audiences.contains(audience)) {
            throw new ParseException("token is not meant for " + audience + " (aud)");
        }
        long issuedAt = token.getIssuedAtTime();
        long expires = token.getExpirationTime();
        if (issuedAt <= 0) {
            throw new ParseException("token has no issued-at time (iat)");
        }
        if (issuedAt > nowSeconds + clockSkew.toSeconds()) {
            throw new ParseException("token is issued in the future (iat)");
        }
        boolean service = token.getGroups() != null && token.getGroups().contains(Roles.SERVICE);
        Duration longest = service ? maxServiceLifetime : maxLifetime;
        if (expires - issuedAt > longest.toSeconds()) {
            throw new ParseException("token lives longer than " + longest + " (exp - iat)");
        }
    }
}

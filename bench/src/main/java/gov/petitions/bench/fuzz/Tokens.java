package gov.petitions.bench.fuzz;

import gov.petitions.platform.tokens.TokenMinter;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Bearer tokens as {@code ./petitions token ROLE [--unit U] [--jurisdiction J]} makes them (same claims, same key),
 * minted here so that a run longer than a token's life renews them: a person's token lives an hour, a service's ten
 * minutes, and each is replaced two minutes before it expires.
 */
public final class Tokens {

    private record Minted(String token, long expiresAt) {
    }

    private final TokenMinter minter;
    private final Map<String, Minted> cache = new ConcurrentHashMap<>();
    private final String who;

    Tokens(Path privateKeyPem, String issuer) throws Exception {
        this(privateKeyPem, issuer, "fuzz");
    }

    /** who: the tool named in the subjects of its tokens (clerk-fuzz, clerk-bench) */
    public Tokens(Path privateKeyPem, String issuer, String who) throws Exception {
        this.who = who;
        this.minter = TokenMinter.fromPem(privateKeyPem, issuer);
    }

    /** role null: no token (a public endpoint) */
    public String bearer(String role, String unit, String jurisdiction) {
        if (role == null) return null;
        String k = role + "|" + unit + "|" + jurisdiction;
        long now = System.currentTimeMillis() / 1000;
        Minted m = cache.get(k);
        if (m == null || m.expiresAt - now < 120) {
            m = mint(role, unit, jurisdiction, now);
            cache.put(k, m);
        }
        return m.token;
    }

    /** the platform's one minter (platform-tokens), as ./petitions token and the tests sign theirs */
    private Minted mint(String role, String unit, String jurisdiction, long now) {
        String sub = "service".equals(role) ? who + "-service" : role + "-" + who;
        TokenMinter.Holder holder = new TokenMinter.Holder(sub, Set.of(role), unit, jurisdiction);
        Duration ttl = TokenMinter.longestFor(holder);
        return new Minted(minter.mint(holder, Instant.ofEpochSecond(now), ttl), now + ttl.toSeconds());
    }
}

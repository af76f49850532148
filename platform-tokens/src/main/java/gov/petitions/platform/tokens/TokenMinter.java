package gov.petitions.platform.tokens;

import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The one way the platform signs its own bearer tokens where no identity provider runs: {@code ./petitions token}
 * (through {@link #main}), the tests (platform-testing's {@code TestTokens}), the console's dev sign-in and a
 * service's own identity on one machine (platform-support's {@code ServiceTokens}). Every token carries what the
 * services' verification and {@code TokenPolicy} require: RS256 with the instance's key, {@code iss}, {@code aud}
 * = the platform, {@code sub} and {@code upn}, {@code groups} (the roles), {@code iat} and {@code exp}, and the
 * scope claims {@code unit} (a handler's unit) and {@code jurisdiction} (a division code) when the holder has them.
 * The header names the key ({@code kid}, {@link #keyId}) as Keycloak names a key it holds: where an instance's key is
 * trusted through Keycloak's JWKS (infra/keycloak/keycloak.sh trust), the services find it by that id.
 *
 * <p>It refuses to mint what the default policy would refuse anyway: a person's token living longer than an hour,
 * a service's longer than ten minutes.
 */
public final class TokenMinter {

    public static final String DEFAULT_ISSUER = "https://petitions.local/issuer";
    public static final String AUDIENCE = "petitions";
    /** The longest lives TokenPolicy allows by default: a person's token, and another service's. */
    public static final Duration LONGEST_PERSON = Duration.ofHours(1);
    public static final Duration LONGEST_SERVICE = Duration.ofMinutes(10);
    static final String SERVICE_ROLE = "service";

    /** Who a token speaks for: its subject, roles and, where the role is scoped, the unit or jurisdiction. */
    public record Holder(String subject, Set<String> groups, String unit, String jurisdiction) {
        public Holder {
            if (subject == null || subject.isBlank()) {
                throw new IllegalArgumentException("a token needs a subject");
            }
            if (groups == null || groups.isEmpty() || groups.stream().anyMatch(g -> g == null || g.isBlank())) {
                throw new IllegalArgumentException("a token needs at least one role");
            }
            // unit and jurisdiction as given, an empty one included: tests check that the services refuse it
            groups = Set.copyOf(groups);
        }

        public static Holder of(String subject, String... groups) {
            return new Holder(subject, new LinkedHashSet<>(List.of(groups)), null, null);
        }

        public Holder withUnit(String code) {
            return new Holder(subject, groups, code, jurisdiction);
        }

        public Holder withJurisdiction(String code) {
            return new Holder(subject, groups, unit, code);
        }

        boolean isService() {
            return groups.contains(SERVICE_ROLE);
        }
    }

    private final PrivateKey key;
    private final String issuer;
    private final String audience;
    private final String keyId;

    public TokenMinter(PrivateKey key, String issuer, String audience) {
        this.key = Objects.requireNonNull(key, "key");
        this.issuer = Objects.requireNonNull(issuer, "issuer");
        this.audience = Objects.requireNonNull(audience, "audience");
        this.keyId = keyId(key);
    }

    /**
     * The key's id as Keycloak gives it to a key it holds: base64url (no padding) of the SHA-256 of the public key's
     * X.509 encoding. A verifier with a JWK set of several keys (Keycloak's) picks the key by this id; one with a
     * single PEM key ignores it. Null for a key whose public half cannot be derived (not an RSA CRT key).
     */
    public static String keyId(PrivateKey key) {
        if (!(key instanceof RSAPrivateCrtKey rsa)) {
            return null;
        }
        try {
            byte[] publicKey = KeyFactory.getInstance("RSA")
                    .generatePublic(new RSAPublicKeySpec(rsa.getModulus(), rsa.getPublicExponent())).getEncoded();
            return Base64.getUrlEncoder().withoutPadding().encodeToString(MessageDigest.getInstance("SHA-256").digest(publicKey));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("RSA and SHA-256 are in every JDK", e);
        }
    }

    /** A minter for the platform's audience that signs with the PKCS#8 PEM key at {@code pem} (openssl genpkey). */
    public static TokenMinter fromPem(Path pem, String issuer) throws IOException {
        return new TokenMinter(readPrivateKey(pem), issuer, AUDIENCE);
    }

    /** The longest life the default policy allows this holder's token. */
    public static Duration longestFor(Holder holder) {
        return holder.isService() ? LONGEST_SERVICE : LONGEST_PERSON;
    }

    /** A signed token for {@code holder}, issued at {@code issuedAt} and expiring {@code lifetime} later. */
    public String mint(Holder holder, Instant issuedAt, Duration lifetime) {
        Duration longest = longestFor(holder);
        if (lifetime.isNegative() || lifetime.isZero() || lifetime.compareTo(longest) > 0) {
            throw new IllegalArgumentException("a " + (holder.isService() ? "service's" : "person's")
                    + " token lives 1 s to " + longest.toSeconds() + " s, not " + lifetime.toSeconds() + " s");
        }
        // whole seconds, as JWT dates are: exp - iat is then exactly the lifetime the policy checks
        Instant iat = Instant.ofEpochSecond(issuedAt.getEpochSecond());
        JwtClaimsBuilder claims = Jwt.issuer(issuer).audience(audience).subject(holder.subject()).upn(holder.subject())
                .groups(holder.groups()).issuedAt(iat).expiresAt(iat.plus(lifetime));
        if (holder.unit() != null) {
            claims.claim("unit", holder.unit());
        }
        if (holder.jurisdiction() != null) {
            claims.claim("jurisdiction", holder.jurisdiction());
        }
        var jws = claims.jws();
        if (keyId != null) {
            jws.keyId(keyId);
        }
        return jws.sign(key);
    }

    /**
     * Reads a PKCS#8 PEM RSA private key ({@code -----BEGIN PRIVATE KEY-----}, what {@code openssl genpkey} writes).
     *
     * @throws IOException when the file cannot be read
     * @throws IllegalArgumentException when it holds no such key
     */
    public static PrivateKey readPrivateKey(Path pem) throws IOException {
        String text = Files.readString(pem);
        if (!text.contains("-----BEGIN PRIVATE KEY-----")) {
            throw new IllegalArgumentException("not a PKCS#8 PEM private key (openssl genpkey writes one)");
        }
        try {
            byte[] der = Base64.getDecoder().decode(text.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", ""));
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not an RSA private key (" + e.getClass().getSimpleName() + ")", e);
        }
    }

    /**
     * {@code --key PEM [--issuer URL] --sub NAME --group ROLE... [--unit CODE] [--jurisdiction CODE] [--ttl SECONDS]}:
     * prints one token and a newline. {@code ./petitions token} calls it; the script checks the options a person
     * types, this checks again.
     */
    public static void main(String[] args) {
        // jose4j logs through SLF4J, which a bare JVM has no provider for: its three-line notice is not a token
        System.setProperty("slf4j.internal.verbosity", System.getProperty("slf4j.internal.verbosity", "ERROR"));
        try {
            System.out.println(fromArguments(args));
        } catch (IllegalArgumentException | IOException e) {
            System.err.println("token: " + e.getMessage());
            System.exit(2);
        }
    }

    static String fromArguments(String[] args) throws IOException {
        String keyPath = null, issuer = DEFAULT_ISSUER, subject = null, unit = null, jurisdiction = null;
        List<String> groups = new ArrayList<>();
        long ttl = -1;
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            String value = args[++i];
            switch (option) {
                case "--key" -> keyPath = value;
                case "--issuer" -> issuer = value;
                case "--sub" -> subject = value;
                case "--group" -> groups.add(value);
                case "--unit" -> unit = value;
                case "--jurisdiction" -> jurisdiction = value;
                case "--ttl" -> {
                    try {
                        ttl = Long.parseLong(value);
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("--ttl must be a number of seconds");
                    }
                }
                default -> throw new IllegalArgumentException("unknown option " + option);
            }
        }
        if (keyPath == null) {
            throw new IllegalArgumentException("--key is required");
        }
        Holder holder = new Holder(subject, new LinkedHashSet<>(groups), unit, jurisdiction);
        Duration lifetime = ttl < 0 ? longestFor(holder) : Duration.ofSeconds(ttl);
        return fromPem(Path.of(keyPath), issuer).mint(holder, Instant.now(), lifetime);
    }
}

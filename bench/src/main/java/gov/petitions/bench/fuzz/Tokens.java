package gov.petitions.bench.fuzz;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Bearer tokens as {@code ./petitions token ROLE [--unit U] [--jurisdiction J]} makes them (same claims, same key),
 * minted here so that a run longer than a token's life renews them: a person's token lives an hour, a service's ten
 * minutes, and each is replaced two minutes before it expires.
 */
public final class Tokens {

    private record Minted(String token, long expiresAt) {
    }

    private final PrivateKey key;
    private final String issuer;
    private final Map<String, Minted> cache = new ConcurrentHashMap<>();
    private final String who;

    Tokens(Path privateKeyPem, String issuer) throws Exception {
        this(privateKeyPem, issuer, "fuzz");
    }

    /** who: the tool named in the subjects of its tokens (clerk-fuzz, clerk-bench) */
    public Tokens(Path privateKeyPem, String issuer, String who) throws Exception {
        this.who = who;
        String pem = Files.readString(privateKeyPem).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        this.key = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pem)));
        this.issuer = issuer;
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

    private Minted mint(String role, String unit, String jurisdiction, long now) {
        long ttl = "service".equals(role) ? 600 : 3600;
        ObjectNode claims = Bodies.JSON.createObjectNode();
        String sub = "service".equals(role) ? who + "-service" : role + "-" + who;
        claims.put("iss", issuer).put("aud", "petitions").put("sub", sub).put("upn", sub);
        claims.putArray("groups").add(role);
        claims.put("iat", now).put("exp", now + ttl);
        if (unit != null) claims.put("unit", unit);
        if (jurisdiction != null) claims.put("jurisdiction", jurisdiction);
        try {
            Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
            String head = b64.encodeToString("{\"alg\":\"RS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
            String body = b64.encodeToString(Bodies.JSON.writeValueAsBytes(claims));
            Signature s = Signature.getInstance("SHA256withRSA");
            s.initSign(key);
            s.update((head + "." + body).getBytes(StandardCharsets.US_ASCII));
            return new Minted(head + "." + body + "." + b64.encodeToString(s.sign()), now + ttl);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}

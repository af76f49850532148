package gov.petitions.platform.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import gov.petitions.platform.tokens.TokenMinter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * This service's own identity when it calls another service: a short-lived, audience-bound bearer token, renewed
 * before it expires, never a long-lived secret token in configuration.
 *
 * <ul>
 *   <li>With an identity provider (compose, Kubernetes): the OAuth 2.0 client-credentials grant of this service's
 *   own client — {@code petitions.service-identity.token-endpoint}, {@code .client-id}, {@code .client-secret}.</li>
 *   <li>On one machine ({@code ./petitions up}, tests), where no provider runs: the token is signed with the local
 *   issuer's key, {@code petitions.service-identity.signing-key-location} — the same key that signs staff tokens
 *   there, so the services verify both alike.</li>
 * </ul>
 * Either way the token names this service ({@code sub} = client id), carries the {@code service} role and the
 * platform's audience, and lives {@link #LIFETIME five minutes} (the policy allows ten).
 */
@ApplicationScoped
public class ServiceTokens {

    static final Duration LIFETIME = Duration.ofMinutes(5);
    /** A token is renewed this long before it expires, so that a request never leaves with one about to lapse. */
    static final Duration RENEW_BEFORE = Duration.ofSeconds(60);

    private final String clientId;
    private final Optional<URI> tokenEndpoint;
    private final Optional<String> clientSecret;
    private final Optional<Path> signingKey;
    private final String issuer;
    private final String audience;
    private final Clock clock;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private final ObjectMapper json = new ObjectMapper();

    private volatile Issued current;

    private record Issued(String token, Instant renewAt) {
    }

    @Inject
    public ServiceTokens(@ConfigProperty(name = "petitions.service-identity.client-id", defaultValue = "${quarkus.application.name}") String clientId,
                         @ConfigProperty(name = "petitions.service-identity.token-endpoint") Optional<URI> tokenEndpoint,
                         @ConfigProperty(name = "petitions.service-identity.client-secret") Optional<String> clientSecret,
                         @ConfigProperty(name = "petitions.service-identity.signing-key-location") Optional<Path> signingKey,
                         @ConfigProperty(name = "mp.jwt.verify.issuer", defaultValue = "https://petitions.local/issuer") String issuer,
                         @ConfigProperty(name = "petitions.jwt.audience", defaultValue = TokenPolicy.DEFAULT_AUDIENCE) String audience) {
        // the machine's clock, not the platform's Clock bean (which tests and petitions.clock.start may move): the
        // token's iat and exp are checked by the called service against its machine's clock
        this(clientId, tokenEndpoint, clientSecret, signingKey, issuer, audience, Clock.systemUTC());
    }

    ServiceTokens(String clientId, Optional<URI> tokenEndpoint, Optional<String> clientSecret, Optional<Path> signingKey,
                  String issuer, String audience, Clock clock) {
        this.clientId = clientId;
        this.tokenEndpoint = tokenEndpoint;
        this.clientSecret = clientSecret;
        this.signingKey = signingKey;
        this.issuer = issuer;
        this.audience = audience;
        this.clock = clock;
    }

    /** Whether this service has an identity to call others with. */
    public boolean configured() {
        return (tokenEndpoint.isPresent() && clientSecret.isPresent()) || signingKey.isPresent();
    }

    /** A valid bearer token for this service, or a {@link ServiceIdentityException} when none can be had. */
    public String bearer() {
        Issued issued = current;
        Instant now = clock.instant();
        if (issued != null && now.isBefore(issued.renewAt())) {
            return issued.token();
        }
        synchronized (this) {
            issued = current;
            if (issued == null || !now.isBefore(issued.renewAt())) {
                issued = tokenEndpoint.isPresent() ? fromProvider(now) : signed(now);
                current = issued;
            }
            return issued.token();
        }
    }

    private Issued signed(Instant now) {
        Path location = signingKey.orElseThrow(() -> new ServiceIdentityException(
                "no service identity: set petitions.service-identity.token-endpoint (client credentials) or signing-key-location"));
        TokenMinter minter;
        try {
            minter = new TokenMinter(TokenMinter.readPrivateKey(location), issuer, audience);
        } catch (IOException | IllegalArgumentException e) {
            throw new ServiceIdentityException("the service identity's signing key cannot be read (" + e.getClass().getSimpleName() + ")");
        }
        Instant expires = now.plus(LIFETIME);
        String token = minter.mint(TokenMinter.Holder.of(clientId, Roles.SERVICE), now, LIFETIME);
        return new Issued(token, expires.minus(RENEW_BEFORE));
    }

    private Issued fromProvider(Instant now) {
        String form = "grant_type=client_credentials&client_id=" + URLEncoder.encode(clientId, StandardCharsets.UTF_8)
                + "&client_secret=" + URLEncoder.encode(clientSecret.orElseThrow(() -> new ServiceIdentityException(
                        "petitions.service-identity.client-secret is not set")), StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(tokenEndpoint.get()).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new ServiceIdentityException("the identity provider refused the client-credentials grant (HTTP " + response.statusCode() + ")");
            }
            JsonNode body = json.readTree(response.body());
            String token = body.path("access_token").asText(null);
            long expiresIn = body.path("expires_in").asLong(LIFETIME.toSeconds());
            if (token == null || token.isBlank()) {
                throw new ServiceIdentityException("the identity provider's answer has no access_token");
            }
            Duration life = Duration.ofSeconds(Math.max(expiresIn, 1));
            Duration renewIn = life.compareTo(RENEW_BEFORE.multipliedBy(2)) > 0 ? life.minus(RENEW_BEFORE) : life.dividedBy(2);
            return new Issued(token, now.plus(renewIn));
        } catch (IOException e) {
            throw new ServiceIdentityException("the identity provider is unreachable (" + e.getClass().getSimpleName() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServiceIdentityException("interrupted while asking the identity provider for a token");
        }
    }

    /** No token could be had; callers treat it like the called service being unavailable. */
    public static class ServiceIdentityException extends RuntimeException {
        public ServiceIdentityException(String message) {
            super(message);
        }
    }
}

package gov.petitions.console.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Where the services are and how long the console waits for them; the dev sign-in's key. Set through the
 * environment like the services: CONSOLE_INTAKE_URL, CONSOLE_ROUTING_URL, CONSOLE_SUPERVISION_URL,
 * CONSOLE_NOTIFICATION_URL, CONSOLE_OIDC_ISSUER, CONSOLE_OIDC_CLIENT_ID, CONSOLE_DEV_SIGN_IN_PRIVATE_KEY_LOCATION,
 * PETITIONS_JWT_ISSUER.
 */
@ConfigMapping(prefix = "console")
public interface ConsoleConfig {

    Service intake();

    Service routing();

    Service supervision();

    Service notification();

    /** Connecting to a service; a refused or unreachable one answers 502 at once. */
    @WithDefault("PT2S")
    Duration connectTimeout();

    /** The whole answer of a service; beyond it the browser gets 504 (problem+json). */
    @WithDefault("PT15S")
    Duration requestTimeout();

    DevSignIn devSignIn();

    Oidc oidc();

    interface Service {
        URI url();
    }

    interface DevSignIn {
        /**
         * The local instance's private key (PKCS#8 PEM, e.g. .run/dev/keys/private.pem). Without it the dev
         * sign-in does not exist (404): production signs in through the identity provider (OIDC).
         */
        Optional<Path> privateKeyLocation();

        @WithDefault("https://petitions.local/issuer")
        String issuer();

        /** At most an hour: the services refuse longer-lived staff tokens (TokenPolicy). */
        @WithDefault("PT1H")
        Duration tokenLifetime();
    }

    /**
     * Staff sign-in through the identity provider (Keycloak's realm {@code petitions}): the browser runs the
     * authorization-code flow with PKCE itself (js/oidc.js) with these settings, which it reads from
     * {@code GET /config.json}. Without an issuer there is no such sign-in.
     */
    interface Oidc {
        /** The issuer as the browser reaches it, e.g. https://sso.petitions.example/realms/petitions. */
        Optional<URI> issuer();

        /** The realm's public client for people (PKCE, S256). */
        @WithDefault("petitions-console")
        String clientId();

        @WithDefault("openid")
        String scope();
    }
}

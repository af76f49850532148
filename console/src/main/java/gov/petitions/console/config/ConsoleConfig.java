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
 * CONSOLE_NOTIFICATION_URL, CONSOLE_DEV_SIGN_IN_PRIVATE_KEY_LOCATION, PETITIONS_JWT_ISSUER.
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

        @WithDefault("PT8H")
        Duration tokenLifetime();
    }
}

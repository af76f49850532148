package gov.petitions.console;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.Map;

/**
 * The console as deployed: no dev sign-in key, sign-in at an identity provider (an address only, never called), and
 * services that do not answer (port 1: the connection is refused at once). One profile for the tests that need any of
 * these ({@link DevSignInDisabledTest}, {@link OidcConfigTest}, {@link ServicesDownTest}), since every profile is a
 * build of the application of its own (docs/testing.md).
 */
public class WithoutDevSignIn implements QuarkusTestProfile {

    static final String ISSUER = "https://sso.petitions.example:8443/realms/petitions/";
    static final String CLIENT_ID = "console-under-test";

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("console.dev-sign-in.private-key-location", "",
                "console.oidc.issuer", ISSUER, "console.oidc.client-id", CLIENT_ID,
                "console.intake.url", "http://127.0.0.1:1", "console.routing.url", "http://127.0.0.1:1",
                "console.supervision.url", "http://127.0.0.1:1", "console.notification.url", "http://127.0.0.1:1");
    }
}

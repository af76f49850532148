package gov.petitions.console.web;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ContentSecurityPolicyTest {

    @Test
    void withoutAnIssuerOnlyTheConsoleItself() {
        String csp = ContentSecurityPolicy.header(Optional.empty());
        assertTrue(csp.contains("connect-src 'self';"), csp);
        assertTrue(csp.contains("script-src 'self';") && csp.contains("frame-ancestors 'none'"), csp);
    }

    @Test
    void theIssuersOriginNotItsPath() {
        assertEquals(Optional.of("https://sso.petitions.example"),
                ContentSecurityPolicy.origin(URI.create("https://sso.petitions.example/realms/petitions")));
        assertEquals(Optional.of("http://localhost:8180"), ContentSecurityPolicy.origin(URI.create("http://localhost:8180/realms/petitions")));
        assertEquals(Optional.of("https://sso.example"), ContentSecurityPolicy.origin(URI.create("HTTPS://sso.example/x")));
        assertTrue(ContentSecurityPolicy.header(Optional.of(URI.create("http://keycloak:8080/realms/petitions")))
                .contains("connect-src 'self' http://keycloak:8080;"));
    }

    @Test
    void aBadIssuerAddsNothing() {
        assertEquals(Optional.empty(), ContentSecurityPolicy.origin(URI.create("javascript:alert(1)")));
        assertEquals(Optional.empty(), ContentSecurityPolicy.origin(URI.create("/realms/petitions")));
        assertEquals(Optional.empty(), ContentSecurityPolicy.origin(URI.create("ftp://sso.example/")));
        assertTrue(ContentSecurityPolicy.header(Optional.of(URI.create("data:text/plain,x"))).contains("connect-src 'self';"));
    }
}

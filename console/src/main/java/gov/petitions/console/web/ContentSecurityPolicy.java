package gov.petitions.console.web;

import java.net.URI;
import java.util.Optional;

/**
 * The pages' Content-Security-Policy: only the console's own scripts, styles and calls, and the identity
 * provider's origin for the calls of the sign-in (discovery, token and refresh: js/oidc.js). The browser goes to
 * the identity provider's sign-in and sign-out pages by navigation, which connect-src does not govern.
 */
public final class ContentSecurityPolicy {

    private ContentSecurityPolicy() {
    }

    public static String header(Optional<URI> issuer) {
        String connect = "'self'" + issuer.flatMap(ContentSecurityPolicy::origin).map(o -> " " + o).orElse("");
        return "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src " + connect
                + "; frame-ancestors 'none'; form-action 'self'; base-uri 'none'";
    }

    /** scheme://host[:port] of an absolute http(s) URI, else empty (a bad setting adds nothing to the policy). */
    static Optional<String> origin(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (!(scheme.equals("https") || scheme.equals("http")) || uri.getHost() == null || uri.getHost().isEmpty()) {
            return Optional.empty();
        }
        if (!uri.getHost().matches("[A-Za-z0-9.\\-\\[\\]:]+")) {
            return Optional.empty();
        }
        return Optional.of(scheme + "://" + uri.getHost() + (uri.getPort() == -1 ? "" : ":" + uri.getPort()));
    }
}

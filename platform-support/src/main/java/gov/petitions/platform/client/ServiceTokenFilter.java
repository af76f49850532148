package gov.petitions.platform.client;

import gov.petitions.platform.security.ServiceTokens;
import jakarta.ws.rs.client.ClientRequestContext;
import jakarta.ws.rs.client.ClientRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;

/**
 * Puts the service's own short-lived service token ({@link ServiceTokens}: client credentials, or the local issuer's
 * key on one machine) on every request of a typed client ({@link Calls#build}). Without one the request does not
 * leave: {@link ServiceTokens.ServiceIdentityException} fails the call like an unreachable service.
 */
public class ServiceTokenFilter implements ClientRequestFilter {

    private final ServiceTokens tokens;

    public ServiceTokenFilter(ServiceTokens tokens) {
        this.tokens = tokens;
    }

    @Override
    public void filter(ClientRequestContext request) {
        request.getHeaders().putSingle(HttpHeaders.AUTHORIZATION, "Bearer " + tokens.bearer());
    }
}

package gov.petitions.console.web;

import gov.petitions.console.config.ConsoleConfig;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the pages need to know of the configuration: where the identity provider is and the console's client id
 * (js/oidc.js), or {@code "oidc": null} when none is configured. Nothing here is secret: a public client has none.
 */
@Path("/config.json")
public class ConfigResource {

    private final ConsoleConfig config;

    public ConfigResource(ConsoleConfig config) {
        this.config = config;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response get() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("oidc", config.oidc().issuer().map(issuer -> {
            Map<String, Object> oidc = new LinkedHashMap<>();
            String text = issuer.toString();
            oidc.put("issuer", text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
            oidc.put("clientId", config.oidc().clientId());
            oidc.put("scope", config.oidc().scope());
            return oidc;
        }).orElse(null));
        body.put("devSignIn", config.devSignIn().privateKeyLocation().isPresent());
        CacheControl cache = new CacheControl();
        cache.setNoStore(true);
        return Response.ok(body).cacheControl(cache).build();
    }
}

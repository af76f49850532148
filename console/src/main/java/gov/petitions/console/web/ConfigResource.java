package gov.petitions.console.web;

import gov.petitions.console.config.ConsoleConfig;
import gov.petitions.console.config.ProvinceConfig;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What the pages need to know of the configuration: where the identity provider is and the console's client id
 * (js/oidc.js), or {@code "oidc": null} when none is configured; the human-verification widget's site key for the
 * online form (js/public-petition.js), or {@code "challenge": null}; the province the deployment serves ({@code code},
 * {@code name}: js/config.js), which the pages never assume. Nothing here is secret: a public client has none,
 * and a site key is public by design (its secret half stays with intake-service).
 */
@Path("/config.json")
public class ConfigResource {

    private final ConsoleConfig config;
    private final ProvinceConfig province;
    private final Optional<String> challengeSiteKey;

    /**
     * {@code petitions.challenge.site-key} (PETITIONS_CHALLENGE_SITE_KEY): the public half of the provider account
     * whose secret intake-service has (intake.challenge.verify-url and secret); one without the other refuses every
     * online petition. Not under {@code console.}: names there must belong to {@link ConsoleConfig}, or start fails.
     */
    public ConfigResource(ConsoleConfig config, ProvinceConfig province,
                          @ConfigProperty(name = "petitions.challenge.site-key") Optional<String> challengeSiteKey) {
        this.config = config;
        this.province = province;
        this.challengeSiteKey = challengeSiteKey.map(String::strip).filter(k -> !k.isEmpty());
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
        body.put("challenge", challengeSiteKey.map(key -> Map.of("siteKey", key)).orElse(null));
        Map<String, Object> served = new LinkedHashMap<>();
        served.put("code", province.code());
        served.put("name", province.name());
        body.put("province", served);
        CacheControl cache = new CacheControl();
        cache.setNoStore(true);
        return Response.ok(body).cacheControl(cache).build();
    }
}

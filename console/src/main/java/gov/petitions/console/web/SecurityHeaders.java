package gov.petitions.console.web;

import gov.petitions.console.config.ConsoleConfig;
import io.quarkus.vertx.http.runtime.filters.Filters;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/** Sets the Content-Security-Policy on every answer (pages, scripts and the API alike). */
@ApplicationScoped
public class SecurityHeaders {

    void register(@Observes Filters filters, ConsoleConfig config) {
        String policy = ContentSecurityPolicy.header(config.oidc().issuer());
        filters.register(rc -> {
            rc.response().headers().set("Content-Security-Policy", policy);
            rc.next();
        }, 100);
    }
}

package gov.petitions.platform.problem;

import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Answers an oversized request with a problem+json 413 before its body is read. Without it, the HTTP layer
 * refuses the body with an empty 413 that a caller cannot tell from a proxy's. Requests without a
 * Content-Length (chunked) are still cut off at the same limit by the HTTP layer itself.
 */
@ApplicationScoped
public class BodySizeLimit {

    private final long limit;

    public BodySizeLimit(@ConfigProperty(name = "quarkus.http.limits.max-body-size", defaultValue = "256K") MemorySize limit) {
        this.limit = limit.asLongValue();
    }

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(context -> {
            String declared = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
            if (declared != null) {
                long length;
                try {
                    length = Long.parseLong(declared.trim());
                } catch (NumberFormatException e) {
                    length = Long.MAX_VALUE;
                }
                if (length > limit) {
                    String body = "{\"type\":\"" + Problem.TYPE_BASE + "payload-too-large"
                            + "\",\"title\":\"Request body too large\",\"status\":413,\"detail\":\"At most " + limit
                            + " bytes are accepted; the request declared " + declared.replaceAll("[^0-9]", "") + "\"}";
                    context.response().setStatusCode(413)
                            .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                            .putHeader(HttpHeaders.CONNECTION, "close")
                            .end(body);
                    return;
                }
            }
            context.next();
        });
    }
}

package gov.petitions.console.rest;

import gov.petitions.console.config.ConsoleConfig;
import io.smallrye.common.annotation.Blocking;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.io.InputStream;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A case's documents (办理材料: supervision's {@code /cases/{id}/documents}) pass the console as streams in both
 * directions: an upload may have 20 MB (the server's body limit is 30M for this path only, {@link BodyLimits}), a
 * download as much, beyond what {@link ApiProxy} holds in memory. Exactly three calls: POST (upload, with {@code kind}
 * and {@code supports} as the only query), GET of the list, GET of one document; any other method is 405 here and
 * never reaches supervision. The console adds no rules: supervision decides who may upload, list or download.
 */
@Path("/api/supervision/cases/{petitionId: [A-Za-z0-9-]{1,64}}/documents")
public class CaseDocumentProxy {

    private static final String ID = "[A-Za-z0-9-]{1,64}";
    /** supervision's enum names (EVIDENCE, DECISION_SCAN, OTHER; REPLIED, …): anything else is not passed on. */
    private static final Pattern NAME = Pattern.compile("[A-Z_]{1,32}");
    private static final List<String> FORWARDED = List.of(HttpHeaders.AUTHORIZATION, HttpHeaders.CONTENT_TYPE,
            HttpHeaders.ACCEPT, HttpHeaders.ACCEPT_LANGUAGE, "X-File-Name");
    private static final List<String> RETURNED = List.of(HttpHeaders.CONTENT_TYPE, HttpHeaders.LOCATION,
            "Content-Disposition", HttpHeaders.CONTENT_LENGTH, "Retry-After", "X-Content-Type-Options",
            "Content-Security-Policy");

    private final StreamedForward forward;

    public CaseDocumentProxy(ConsoleConfig config) {
        this.forward = new StreamedForward("supervision", config.supervision().url(), config, FORWARDED, RETURNED);
    }

    @POST
    @Blocking
    @Consumes(MediaType.WILDCARD)
    public Response upload(@PathParam("petitionId") String petitionId, @QueryParam("kind") String kind,
                           @QueryParam("supports") String supports, @Context HttpHeaders headers,
                           @Context HttpServerRequest caller, InputStream body) {
        if (!named(kind) || !named(supports)) {
            return Problems.of(400, "bad-query", "Bad query", "kind and supports are names such as EVIDENCE or REPLIED");
        }
        String query = (kind == null ? "" : "kind=" + kind) + (supports == null ? "" : (kind == null ? "" : "&") + "supports=" + supports);
        return forward.post("/cases/" + petitionId + "/documents", query, headers, caller, body);
    }

    @GET
    @Blocking
    public Response list(@PathParam("petitionId") String petitionId, @Context HttpHeaders headers,
                         @Context HttpServerRequest caller) {
        return forward.get("/cases/" + petitionId + "/documents", null, headers, caller);
    }

    @GET
    @Blocking
    @Path("{documentId: " + ID + "}")
    public Response download(@PathParam("petitionId") String petitionId, @PathParam("documentId") String documentId,
                             @Context HttpHeaders headers, @Context HttpServerRequest caller) {
        return forward.get("/cases/" + petitionId + "/documents/" + documentId, null, headers, caller);
    }

    /** Only names make the query (and the ids matched [A-Za-z0-9-] after decoding): nothing can reach another path. */
    private static boolean named(String value) {
        return value == null || NAME.matcher(value).matches();
    }
}

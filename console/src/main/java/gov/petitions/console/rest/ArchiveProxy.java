package gov.petitions.console.rest;

import gov.petitions.console.config.ConsoleConfig;
import io.smallrye.common.annotation.Blocking;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import java.util.List;

/**
 * A closed case's archive (信访档案: supervision's {@code GET /archives/{petitionId}}, a zip, and its manifest) passes the
 * console as a stream: an archive holds the case's materials, far beyond what {@link ApiProxy} holds in memory. GET only
 * (any other method on these paths is 405 here and never reaches supervision), no query. The console adds no rules:
 * supervision decides who may read an archive and records each download. The id matched [A-Za-z0-9-] after decoding:
 * nothing in it can reach another path of supervision.
 */
@Path("/api/supervision/archives/{petitionId: [A-Za-z0-9-]{1,64}}")
public class ArchiveProxy {

    private static final List<String> FORWARDED = List.of(HttpHeaders.AUTHORIZATION, HttpHeaders.ACCEPT,
            HttpHeaders.ACCEPT_LANGUAGE);
    private static final List<String> RETURNED = List.of(HttpHeaders.CONTENT_TYPE, "Content-Disposition",
            HttpHeaders.CONTENT_LENGTH, "Retry-After", "X-Archive-SHA256");

    private final StreamedForward forward;

    public ArchiveProxy(ConsoleConfig config) {
        this.forward = new StreamedForward("supervision", config.supervision().url(), config, FORWARDED, RETURNED);
    }

    @GET
    @Blocking
    public Response archive(@PathParam("petitionId") String petitionId, @Context HttpHeaders headers,
                            @Context HttpServerRequest caller) {
        return forward.get("/archives/" + petitionId, null, headers, caller);
    }

    @GET
    @Blocking
    @Path("manifest")
    public Response manifest(@PathParam("petitionId") String petitionId, @Context HttpHeaders headers,
                             @Context HttpServerRequest caller) {
        return forward.get("/archives/" + petitionId + "/manifest", null, headers, caller);
    }
}

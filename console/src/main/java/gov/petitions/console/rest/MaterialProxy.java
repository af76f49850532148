package gov.petitions.console.rest;

import gov.petitions.console.config.ConsoleConfig;
import io.smallrye.common.annotation.Blocking;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.io.InputStream;
import java.util.List;

/**
 * Materials (材料) pass the console as streams, in both directions: an upload may have 20 MB, a download as much, and
 * {@link ApiProxy} holds a body in memory (at most 512 KB). Only intake's material paths come here; the console
 * still adds no rules of its own, intake decides who may upload, list or download.
 * quarkus.http.limits.max-body-size is raised for these uploads; every other path keeps 512 KB by Content-Length
 * ({@link BodyLimits}).
 */
@Path("/api/intake/{owner: petitions|public/petitions}/{ref: [A-Za-z0-9-]{1,64}}/materials")
public class MaterialProxy {

    private static final String ID = "[A-Za-z0-9-]{1,64}";
    private static final List<String> FORWARDED = List.of(HttpHeaders.AUTHORIZATION, HttpHeaders.CONTENT_TYPE,
            HttpHeaders.ACCEPT, "X-File-Name", "X-Query-Code", "Petitions-Challenge");
    private static final List<String> RETURNED = List.of(HttpHeaders.CONTENT_TYPE, HttpHeaders.LOCATION,
            "Content-Disposition", "Content-Length", "Retry-After", "X-Content-Type-Options", "Content-Security-Policy");

    private final StreamedForward forward;

    public MaterialProxy(ConsoleConfig config) {
        this.forward = new StreamedForward("intake", config.intake().url(), config, FORWARDED, RETURNED);
    }

    @POST
    @Blocking
    @Consumes(MediaType.WILDCARD)
    public Response upload(@PathParam("owner") String owner, @PathParam("ref") String ref, @Context HttpHeaders headers,
                           @Context HttpServerRequest caller, InputStream body) {
        return forward.post("/" + owner + "/" + ref + "/materials", null, headers, caller, body);
    }

    @GET
    @Blocking
    public Response list(@PathParam("owner") String owner, @PathParam("ref") String ref, @Context HttpHeaders headers,
                         @Context HttpServerRequest caller) {
        return forward.get("/" + owner + "/" + ref + "/materials", null, headers, caller);
    }

    /** Staff only: the petitioner downloads nothing. */
    @GET
    @Blocking
    @Path("{materialId: " + ID + "}")
    public Response download(@PathParam("owner") String owner, @PathParam("ref") String ref,
                             @PathParam("materialId") String materialId, @Context HttpHeaders headers,
                             @Context HttpServerRequest caller) {
        if (!owner.equals("petitions")) {
            return Problems.of(404, "not-found", "Not found", "The console does not forward this path");
        }
        return forward.get("/petitions/" + ref + "/materials/" + materialId, null, headers, caller);
    }
}

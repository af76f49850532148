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
import jakarta.ws.rs.core.StreamingOutput;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
    private static final java.time.Duration UPLOAD_TIME = java.time.Duration.ofMinutes(5);
    private static final List<String> FORWARDED = List.of(HttpHeaders.AUTHORIZATION, HttpHeaders.CONTENT_TYPE,
            HttpHeaders.ACCEPT, "X-File-Name", "X-Query-Code", "Petitions-Challenge");
    private static final List<String> RETURNED = List.of(HttpHeaders.CONTENT_TYPE, HttpHeaders.LOCATION,
            "Content-Disposition", "Content-Length", "Retry-After", "X-Content-Type-Options", "Content-Security-Policy");

    private final ConsoleConfig config;
    private final HttpClient client;

    public MaterialProxy(ConsoleConfig config) {
        this.config = config;
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(config.connectTimeout()).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    @POST
    @Blocking
    @Consumes(MediaType.WILDCARD)
    public Response upload(@PathParam("owner") String owner, @PathParam("ref") String ref, @Context HttpHeaders headers,
                           @Context HttpServerRequest caller, InputStream body) {
        return send("POST", "/" + owner + "/" + ref + "/materials", headers, caller, body);
    }

    @GET
    @Blocking
    public Response list(@PathParam("owner") String owner, @PathParam("ref") String ref, @Context HttpHeaders headers,
                         @Context HttpServerRequest caller) {
        return send("GET", "/" + owner + "/" + ref + "/materials", headers, caller, null);
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
        return send("GET", "/petitions/" + ref + "/materials/" + materialId, headers, caller, null);
    }

    private Response send(String method, String path, HttpHeaders headers, HttpServerRequest caller, InputStream body) {
        URI target = URI.create(config.intake().url().toString().replaceAll("/+$", "") + path);
        // the time-out runs until intake's answer begins: for an upload that includes sending the file, which a
        // citizen on a slow line takes minutes for
        HttpRequest.Builder request = HttpRequest.newBuilder(target)
                .timeout(body == null ? config.requestTimeout() : config.requestTimeout().plus(UPLOAD_TIME));
        for (String name : FORWARDED) {
            String value = headers.getHeaderString(name);
            if (value != null && !value.isBlank()) {
                request.header(name, value);
            }
        }
        if (caller != null && caller.remoteAddress() != null && caller.remoteAddress().hostAddress() != null) {
            request.header("X-Forwarded-For", caller.remoteAddress().hostAddress());
        }
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            HttpRequest.BodyPublisher stream = HttpRequest.BodyPublishers.ofInputStream(() -> body);
            long length = declaredLength(headers);
            // a known length goes on, so that intake can refuse a file too large before reading it
            request.method(method, length >= 0 ? HttpRequest.BodyPublishers.fromPublisher(stream, length) : stream);
        }
        HttpResponse<InputStream> upstream;
        try {
            upstream = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException | InterruptedException e) {
            return UpstreamFailure.answer("intake", method, path, e);
        }
        Response.ResponseBuilder answer = Response.status(upstream.statusCode());
        for (String name : RETURNED) {
            upstream.headers().firstValue(name).ifPresent(value -> answer.header(name, value));
        }
        InputStream content = upstream.body();
        StreamingOutput out = sink -> {
            try (InputStream in = content) {
                in.transferTo(sink);
            }
        };
        if (upstream.headers().firstValue(HttpHeaders.CONTENT_TYPE).isEmpty()) {
            answer.type(MediaType.APPLICATION_OCTET_STREAM);
        }
        return answer.entity(out).header("Cache-Control", "no-store").build();
    }

    private static long declaredLength(HttpHeaders headers) {
        String value = headers.getHeaderString(HttpHeaders.CONTENT_LENGTH);
        try {
            return value == null ? -1 : Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}

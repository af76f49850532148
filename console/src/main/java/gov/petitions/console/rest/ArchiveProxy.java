package gov.petitions.console.rest;

import gov.petitions.console.config.ConsoleConfig;
import io.smallrye.common.annotation.Blocking;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.GET;
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
 * A closed case's archive (信访档案: supervision's {@code GET /archives/{petitionId}}, a zip, and its manifest) passes the
 * console as a stream: an archive holds the case's materials, far beyond what {@link ApiProxy} holds in memory. GET only
 * (any other method on these paths is 405 here and never reaches supervision), no query. The console adds no rules:
 * supervision decides who may read an archive and records each download.
 */
@Path("/api/supervision/archives/{petitionId: [A-Za-z0-9-]{1,64}}")
public class ArchiveProxy {

    private static final List<String> FORWARDED = List.of(HttpHeaders.AUTHORIZATION, HttpHeaders.ACCEPT,
            HttpHeaders.ACCEPT_LANGUAGE);
    private static final List<String> RETURNED = List.of(HttpHeaders.CONTENT_TYPE, "Content-Disposition",
            HttpHeaders.CONTENT_LENGTH, "Retry-After", "X-Archive-SHA256");

    private final ConsoleConfig config;
    private final HttpClient client;

    public ArchiveProxy(ConsoleConfig config) {
        this.config = config;
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(config.connectTimeout()).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    @GET
    @Blocking
    public Response archive(@PathParam("petitionId") String petitionId, @Context HttpHeaders headers,
                            @Context HttpServerRequest caller) {
        return send("/archives/" + petitionId, headers, caller);
    }

    @GET
    @Blocking
    @Path("manifest")
    public Response manifest(@PathParam("petitionId") String petitionId, @Context HttpHeaders headers,
                             @Context HttpServerRequest caller) {
        return send("/archives/" + petitionId + "/manifest", headers, caller);
    }

    private Response send(String path, HttpHeaders headers, HttpServerRequest caller) {
        // the id matched [A-Za-z0-9-] after decoding: nothing in it can reach another path of supervision
        URI target = URI.create(config.supervision().url().toString().replaceAll("/+$", "") + path);
        // the time-out runs until supervision's answer begins; the archive itself takes as long as it takes
        HttpRequest.Builder request = HttpRequest.newBuilder(target).timeout(config.requestTimeout()).GET();
        for (String name : FORWARDED) {
            String value = headers.getHeaderString(name);
            if (value != null && !value.isBlank()) {
                request.header(name, value);
            }
        }
        if (caller != null && caller.remoteAddress() != null && caller.remoteAddress().hostAddress() != null) {
            request.header("X-Forwarded-For", caller.remoteAddress().hostAddress());
        }
        HttpResponse<InputStream> upstream;
        try {
            upstream = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException | InterruptedException e) {
            return UpstreamFailure.answer("supervision", "GET", path, e);
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
}

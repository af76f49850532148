package gov.petitions.console.rest;

import gov.petitions.console.config.ConsoleConfig;
import io.smallrye.common.annotation.Blocking;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import jakarta.ws.rs.core.UriInfo;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

/**
 * A queue's export (CSV, XLSX: supervision's {@code GET /cases/export}) passes the console as a stream: 100,000 rows
 * are many megabytes, and {@link ApiProxy} holds a body in memory. The console copies what supervision writes as it
 * comes, and reads no faster than the browser takes it. It adds no rules: supervision decides who exports what.
 */
@Path("/api/supervision/cases/export")
public class ExportProxy {

    private static final List<String> FORWARDED = List.of(HttpHeaders.AUTHORIZATION, HttpHeaders.ACCEPT,
            HttpHeaders.ACCEPT_LANGUAGE);
    private static final List<String> RETURNED = List.of(HttpHeaders.CONTENT_TYPE, "Content-Disposition", "Export-Id",
            "Retry-After");

    private final ConsoleConfig config;
    private final HttpClient client;

    public ExportProxy(ConsoleConfig config) {
        this.config = config;
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(config.connectTimeout()).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    @GET
    @Blocking
    public Response export(@Context UriInfo uri, @Context HttpHeaders headers, @Context HttpServerRequest caller) {
        String query = uri.getRequestUri().getRawQuery();
        if (query != null && query.length() > 2048) {
            return Problems.of(414, "query-too-long", "Query too long", "An export's filter has at most 2048 characters");
        }
        URI target = URI.create(config.supervision().url().toString().replaceAll("/+$", "") + "/cases/export"
                + (query == null ? "" : "?" + query));
        // the time-out runs until supervision's answer begins; the file itself takes as long as it takes
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
            return UpstreamFailure.answer("supervision", "GET", "/cases/export", e);
        }
        Response.ResponseBuilder answer = Response.status(upstream.statusCode());
        for (String name : RETURNED) {
            upstream.headers().firstValue(name).ifPresent(value -> answer.header(name, value));
        }
        InputStream content = upstream.body();
        StreamingOutput out = sink -> {
            try (InputStream in = content) {
                byte[] buffer = new byte[16 * 1024];
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    sink.write(buffer, 0, n);
                    // what arrived goes on at once: the browser sees the file grow, and the console holds one buffer
                    sink.flush();
                }
            }
        };
        if (upstream.headers().firstValue(HttpHeaders.CONTENT_TYPE).isEmpty()) {
            answer.type(MediaType.APPLICATION_OCTET_STREAM);
        }
        return answer.entity(out).header("Cache-Control", "no-store").build();
    }
}

package gov.petitions.console.rest;

import gov.petitions.console.config.ConsoleConfig;
import io.smallrye.common.annotation.Blocking;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

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

    private final StreamedForward forward;

    public ExportProxy(ConsoleConfig config) {
        // the console copies what supervision writes as it comes: the browser sees the file grow
        this.forward = new StreamedForward("supervision", config.supervision().url(), config, FORWARDED, RETURNED)
                .flushingEachChunk();
    }

    @GET
    @Blocking
    public Response export(@Context UriInfo uri, @Context HttpHeaders headers, @Context HttpServerRequest caller) {
        String query = uri.getRequestUri().getRawQuery();
        if (query != null && query.length() > 2048) {
            return Problems.of(414, "query-too-long", "Query too long", "An export's filter has at most 2048 characters");
        }
        return forward.get("/cases/export", query, headers, caller);
    }
}

package gov.petitions.console.rest;

import gov.petitions.console.config.ConsoleConfig;
import io.smallrye.common.annotation.Blocking;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.io.InputStream;
import java.util.List;

/**
 * Verifying an archive (校验档案: supervision's {@code POST /archives/verification}, the zip as the body): the file
 * streams through the console to supervision (at most 30 MB, {@link BodyLimits}; supervision's own HTTP layer allows no
 * more) and supervision's per-entry answer comes back. POST only, no query: any other method here is 405 and never
 * reaches supervision (nor is "verification" read as a case's id by {@link ArchiveProxy}). supervision decides who may.
 */
@Path("/api/supervision/archives/verification")
public class ArchiveVerificationProxy {

    private static final List<String> FORWARDED = List.of(HttpHeaders.AUTHORIZATION, HttpHeaders.CONTENT_TYPE,
            HttpHeaders.ACCEPT, HttpHeaders.ACCEPT_LANGUAGE);
    private static final List<String> RETURNED = List.of(HttpHeaders.CONTENT_TYPE, "Retry-After");

    private final StreamedForward forward;

    public ArchiveVerificationProxy(ConsoleConfig config) {
        this.forward = new StreamedForward("supervision", config.supervision().url(), config, FORWARDED, RETURNED);
    }

    @POST
    @Blocking
    @Consumes(MediaType.WILDCARD)
    public Response verify(@Context HttpHeaders headers, @Context HttpServerRequest caller, InputStream body) {
        // supervision hashes every entry before it answers: the time-out covers sending and verifying
        return forward.post("/archives/verification", null, headers, caller, body);
    }
}

package gov.petitions.console.rest;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.util.List;
import java.util.regex.Pattern;

/**
 * How large a request body may be, per path, before anything reads it. quarkus.http.limits.max-body-size (30M) is the
 * largest any upload needs; only the uploads below may come near it, each for POST only, and every other request keeps
 * 512 KB by Content-Length (the services take at most 256 KB there) and must declare its length (a chunked body could
 * otherwise be read up to the uploads' limit). Fail closed: a path not listed here is an ordinary one.
 */
public class BodyLimits {

    private static final String ID = "[A-Za-z0-9-]{1,64}";
    static final long OTHER_BODIES = 512 * 1024;
    private static final long MB = 1024 * 1024;

    /** An upload path (as the console receives it) and its largest body. */
    record Upload(Pattern path, long maxBytes, String what) {
    }

    static final List<Upload> UPLOADS = List.of(
            // intake's materials: intake.materials.max-file-size is 20M; a little above, so intake says why
            new Upload(Pattern.compile("^/api/intake/(public/)?petitions/" + ID + "/materials$"), 25 * MB, "25 MB"),
            // supervision's case documents: supervision's own HTTP limit for them is 30M (max-file-size 20M)
            new Upload(Pattern.compile("^/api/supervision/cases/" + ID + "/documents$"), 30 * MB, "30 MB"),
            // an archive to verify: supervision's HTTP layer (30M) applies before its verification-max-bytes (200M)
            new Upload(Pattern.compile("^/api/supervision/archives/verification$"), 30 * MB, "30 MB"));

    @ServerRequestFilter(preMatching = true)
    public Response limit(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        Upload upload = "POST".equals(request.getMethod())
                ? UPLOADS.stream().filter(u -> u.path().matcher(path).matches()).findFirst().orElse(null) : null;
        String length = request.getHeaderString(HttpHeaders.CONTENT_LENGTH);
        if (length == null) {
            if (upload != null) {
                return null; // chunked: the server's own limit (max-body-size) cuts it off
            }
            String chunked = request.getHeaderString("Transfer-Encoding");
            return chunked == null || chunked.isBlank() ? null
                    : Problems.of(411, "length-required", "Length required", "A request body needs a Content-Length here");
        }
        long declared;
        try {
            declared = Long.parseLong(length.strip());
        } catch (NumberFormatException e) {
            return Problems.of(400, "bad-content-length", "Bad Content-Length", "Content-Length is not a number");
        }
        if (upload != null) {
            return declared <= upload.maxBytes() ? null
                    : Problems.of(413, "body-too-large", "Too large", "A file sent here may have at most " + upload.what());
        }
        return declared <= OTHER_BODIES ? null
                : Problems.of(413, "body-too-large", "Too large", "A request body may have at most 512 KB");
    }
}

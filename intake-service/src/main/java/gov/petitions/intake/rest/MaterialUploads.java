package gov.petitions.intake.rest;

import gov.petitions.platform.problem.Problem;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import java.util.regex.Pattern;

/**
 * The body limit of every endpoint but the two uploads. quarkus.http.limits.max-body-size is raised for the uploads (a
 * material may have 20 MB); every other endpoint takes JSON of a few kilobytes and keeps 256 KiB, checked here from
 * Content-Length before anything is read.
 */
public class MaterialUploads {

    private static final Pattern UPLOAD = Pattern.compile("^/(public/)?petitions/[^/]+/materials/?$");

    /** The largest JSON body: a petition with 20,000 characters of text is ~60 KB in UTF-8. */
    static final long JSON_LIMIT = 256 * 1024;

    @ServerRequestFilter(preMatching = true)
    public Response limitOtherBodies(ContainerRequestContext request) {
        if (UPLOAD.matcher(request.getUriInfo().getPath()).matches()) {
            return null;
        }
        String length = request.getHeaderString("Content-Length");
        if (length == null) {
            // not covered: a JSON body of unknown length (chunked) is read up to the server's limit, the uploads'
            // (110M); neither replacing the entity stream here nor looking for Transfer-Encoding caught one
            return null;
        }
        try {
            if (Long.parseLong(length.strip()) <= JSON_LIMIT) {
                return null;
            }
        } catch (NumberFormatException e) {
            return Problem.of("bad-content-length", "Bad Content-Length", 400, "Content-Length is not a number").toResponse();
        }
        return Problem.of("body-too-large", "The request body is too large", 413,
                "a request body here may have at most " + JSON_LIMIT + " bytes").toResponse();
    }
}

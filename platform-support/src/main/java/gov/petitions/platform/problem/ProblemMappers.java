package gov.petitions.platform.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.quarkus.logging.Log;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Turns every failure of a request into problem+json. Nothing leaks a stack trace, and a 500 carries
 * an incident id that is also in the log, so an operator can find it without the caller's data.
 */
public class ProblemMappers {

    @ServerExceptionMapper
    public Response domain(ProblemException e) {
        return e.problem().toResponse();
    }

    /** Quarkus REST throws this subtype for @Valid parameters; mapped here so its own mapper does not answer. */
    @ServerExceptionMapper(priority = 1)
    public Response invalidParameters(io.quarkus.hibernate.validator.runtime.jaxrs.ResteasyReactiveViolationException e) {
        return invalid(e);
    }

    @ServerExceptionMapper(priority = 1)
    public Response invalid(ConstraintViolationException e) {
        List<Problem.Violation> violations = e.getConstraintViolations().stream()
                .map(v -> new Problem.Violation(fieldOf(v), v.getMessage()))
                .sorted(Comparator.comparing(Problem.Violation::field))
                .toList();
        String detail = violations.stream().map(v -> v.field() + ": " + v.message())
                .collect(Collectors.joining("; "));
        return new Problem(Problem.of("invalid-input", "The request is not valid", 400, detail).type(),
                "The request is not valid", 400, detail, null, violations).toResponse();
    }

    // Quarkus REST maps these subtypes itself (as plain JSON); naming them here makes ours answer
    @ServerExceptionMapper(priority = 1)
    public Response wrongFormat(InvalidFormatException e) {
        return unreadable(e);
    }

    @ServerExceptionMapper(priority = 1)
    public Response mismatched(MismatchedInputException e) {
        return unreadable(e);
    }

    @ServerExceptionMapper(priority = 1)
    public Response notJson(com.fasterxml.jackson.core.JsonParseException e) {
        return unreadable(e);
    }

    @ServerExceptionMapper(priority = 1)
    public Response unreadable(JsonProcessingException e) {
        String where = e instanceof MismatchedInputException m && !m.getPath().isEmpty()
                ? " at '" + m.getPath().stream()
                        .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                        .collect(Collectors.joining(".")) + "'"
                : "";
        String what = e instanceof InvalidFormatException ? "a value has the wrong format" : "the body is not valid JSON for this request";
        return Problem.of("unreadable-body", "The request body cannot be read", 400, what + where).toResponse();
    }

    @ServerExceptionMapper(priority = 1)
    public Response unauthenticated(io.quarkus.security.AuthenticationFailedException e) {
        return Problem.of("unauthenticated", "Unauthorized", 401, "A valid bearer token is required").toResponse();
    }

    @ServerExceptionMapper(priority = 1)
    public Response unauthorized(io.quarkus.security.UnauthorizedException e) {
        return Problem.of("unauthenticated", "Unauthorized", 401, "A valid bearer token is required").toResponse();
    }

    @ServerExceptionMapper(priority = 1)
    public Response forbidden(io.quarkus.security.ForbiddenException e) {
        return Problem.of("forbidden", "Forbidden", 403, "Your role does not allow this").toResponse();
    }

    @ServerExceptionMapper(priority = 1)
    public Response web(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            return unexpected(e);
        }
        String title = e.getResponse().getStatusInfo().getReasonPhrase();
        String detail = switch (status) {
            case 401 -> "A valid bearer token is required";
            case 403 -> "Your role does not allow this";
            case 404 -> "No such resource";
            case 405 -> "This method is not allowed here";
            case 415 -> "Send application/json";
            case 406 -> "This resource answers application/json";
            default -> e.getMessage();
        };
        Response.ResponseBuilder builder = Response.fromResponse(e.getResponse())
                .type(Problem.PROBLEM_JSON)
                .entity(Problem.of(slug(status), title, status, detail));
        return builder.build();
    }

    @ServerExceptionMapper(priority = 10)
    public Response unexpected(Throwable e) {
        if (TransientFailures.isUnavailable(e)) {
            // the database is restarting or out of connections: not a defect, and a retry will do
            Log.warnf("Answering 503, a dependency is unavailable: %s", e.toString());
            return Response.fromResponse(Problem.of("service-unavailable", "Service unavailable", 503,
                            "A system this service depends on is briefly unavailable; retry the request (with the same Idempotency-Key) shortly")
                    .toResponse()).header("Retry-After", "5").build();
        }
        if (ClientGone.is(e)) {
            // nobody will read the answer; the status is for the HTTP metrics, which then count it apart from errors
            Log.debugf("The client went away before its request was read: %s", e.toString());
            return Response.status(ClientGone.STATUS).build();
        }
        String incident = UUID.randomUUID().toString();
        Log.errorf(e, "Unexpected failure, incident %s", incident);
        return Problem.of("internal", "Internal error", 500,
                "The request could not be completed; quote incident " + incident).toResponse();
    }

    private static String slug(int status) {
        return switch (status) {
            case 401 -> "unauthenticated";
            case 403 -> "forbidden";
            case 404 -> "not-found";
            case 405 -> "method-not-allowed";
            case 406 -> "not-acceptable";
            case 409 -> "conflict";
            case 415 -> "unsupported-media-type";
            default -> "http-" + status;
        };
    }

    private static String fieldOf(ConstraintViolation<?> violation) {
        // "register.arg0.location" -> "location": callers know their body's fields, not our method names
        String path = violation.getPropertyPath().toString();
        String[] parts = path.split("\\.");
        return parts.length > 2 ? String.join(".", java.util.Arrays.copyOfRange(parts, 2, parts.length))
                : parts[parts.length - 1];
    }
}

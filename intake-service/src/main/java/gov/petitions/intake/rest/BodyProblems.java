package gov.petitions.intake.rest;

import com.fasterxml.jackson.databind.exc.InvalidDefinitionException;
import gov.petitions.platform.problem.Problem;
import gov.petitions.platform.problem.ProblemMappers;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Quarkus REST answers an {@link InvalidDefinitionException} itself with a 500 and an empty body. Reading a request
 * body raises it for a body the types cannot take (a record's property given twice raised "No fallback setter/field
 * defined for creator property" before duplicate keys were refused while parsing): that is the caller's error, 400.
 * Raised while writing a response it is ours: a 500 with an incident id, as any other.
 */
public class BodyProblems {

    private final ProblemMappers problems = new ProblemMappers();

    /**
     * Quarkus REST wraps a body that does not parse (a duplicate key included) in a bare 400 WebApplicationException;
     * say what is wrong, as for any other unreadable body.
     */
    @ServerExceptionMapper(priority = 0)
    public Response unparsable(jakarta.ws.rs.WebApplicationException e) {
        Throwable cause = e.getCause();
        if (e.getResponse().getStatus() == 400 && cause instanceof com.fasterxml.jackson.core.JsonProcessingException json) {
            return problems.unreadable(json);
        }
        return problems.web(e);
    }

    @ServerExceptionMapper(priority = 1)
    public Response invalidDefinition(InvalidDefinitionException e) {
        boolean reading = e.getProcessor() instanceof com.fasterxml.jackson.core.JsonParser;
        if (reading) {
            return Problem.of("unreadable-body", "The request body cannot be read", 400,
                    "the body is not valid JSON for this request").toResponse();
        }
        return problems.unexpected(e);
    }
}

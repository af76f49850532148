package gov.petitions.supervision.rest;

import gov.petitions.platform.problem.Problem;
import jakarta.persistence.OptimisticLockException;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Two people (or a person and the deadline scanner) changed the same case at once: the later one retries. */
public class ConcurrencyMapper {

    @ServerExceptionMapper(priority = 1)
    public Response concurrent(OptimisticLockException e) {
        return Problem.of("concurrent-change", "The case changed meanwhile", 409,
                "Someone else changed this case at the same moment; load it again and retry").toResponse();
    }
}

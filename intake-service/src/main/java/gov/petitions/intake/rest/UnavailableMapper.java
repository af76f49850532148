package gov.petitions.intake.rest;

import gov.petitions.intake.client.UnavailableException;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** {@link UnavailableException}: its problem+json as it is, with Retry-After (the platform's mapper adds none). */
public class UnavailableMapper {

    @ServerExceptionMapper
    public Response unavailable(UnavailableException e) {
        return Response.fromResponse(e.problem().toResponse())
                .header("Retry-After", Integer.toString(UnavailableException.RETRY_AFTER_SECONDS)).build();
    }
}

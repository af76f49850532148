package gov.petitions.intake.client;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * routing-service's public unit directory, as a typed REST client; answers come back as they are. The path sits on
 * the method: a class-level @Path would make the interface look like one of intake's own resources.
 */
@Produces(MediaType.APPLICATION_JSON)
public interface RoutingApi {

    @GET
    @Path("/divisions/{code}/units")
    Response unitsOf(@PathParam("code") String divisionCode);
}

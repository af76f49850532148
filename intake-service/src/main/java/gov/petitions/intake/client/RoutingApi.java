package gov.petitions.intake.client;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** routing-service's public unit directory, as a typed REST client; answers come back as they are. */
@Path("/divisions/{code}/units")
@Produces(MediaType.APPLICATION_JSON)
public interface RoutingApi {

    @GET
    Response unitsOf(@PathParam("code") String divisionCode);
}

package gov.petitions.notification.client;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** supervision-service's written decisions, as a typed REST client; answers come back as they are. */
@Produces(MediaType.APPLICATION_JSON)
public interface SupervisionApi {

    @GET
    @Path("/cases/{petitionId}/written-decision")
    Response writtenDecision(@PathParam("petitionId") String petitionId, @QueryParam("status") String status);
}

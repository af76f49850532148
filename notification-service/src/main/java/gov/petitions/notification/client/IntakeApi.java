package gov.petitions.notification.client;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * intake-service's internal contact endpoint, as a typed REST client; answers come back as they are
 * ({@link IntakeCalls} decides what a status means). The path sits on the method: a class-level @Path would make the
 * interface look like one of notification's own resources (AuthorizationMatrixTest).
 */
@Produces(MediaType.APPLICATION_JSON)
public interface IntakeApi {

    /** intake audits the read with the purpose and answers only for a petition of this petitioner. */
    @GET
    @Path("/internal/petitioners/{petitionerRef}/contact")
    Response contact(@PathParam("petitionerRef") String petitionerRef, @QueryParam("purpose") String purpose,
                     @QueryParam("petitionId") String petitionId);
}

package gov.petitions.intake.client;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.Map;
import java.util.UUID;

/**
 * supervision-service's internal endpoints for the petitioner (PetitionerProgressResource), as a typed REST client.
 * Answers come back as they are (the default exception mapper is off): {@link SupervisionClient} decides what a
 * status means.
 */
@Path("/internal/cases/{petitionId}")
@Produces(MediaType.APPLICATION_JSON)
public interface SupervisionApi {

    @GET
    @Path("progress")
    Response progress(@PathParam("petitionId") UUID petitionId);

    /** An action on the case: {@code evaluation} or {@code review-request}. */
    @POST
    @Path("{action}")
    @Consumes(MediaType.APPLICATION_JSON)
    Response act(@PathParam("petitionId") UUID petitionId, @PathParam("action") String action, Map<String, Object> body);
}

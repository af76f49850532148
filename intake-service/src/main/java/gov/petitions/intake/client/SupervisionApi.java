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
 * status means. The paths sit on the methods: a class-level @Path would make the interface look like one of intake's
 * own resources (AuthorizationMatrixTest).
 */
@Produces(MediaType.APPLICATION_JSON)
public interface SupervisionApi {

    @GET
    @Path("/internal/cases/{petitionId}/progress")
    Response progress(@PathParam("petitionId") UUID petitionId);

    /** An action on the case: {@code evaluation} or {@code review-request}. */
    @POST
    @Path("/internal/cases/{petitionId}/{action}")
    @Consumes(MediaType.APPLICATION_JSON)
    Response act(@PathParam("petitionId") UUID petitionId, @PathParam("action") String action, Map<String, Object> body);
}

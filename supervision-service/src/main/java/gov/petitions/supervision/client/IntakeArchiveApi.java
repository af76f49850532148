package gov.petitions.supervision.client;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;

/**
 * intake-service's endpoints the archive is made from, as a typed REST client; answers come back as they are
 * ({@link IntakeArchive} decides what a status means). Paths sit on the methods: a class-level @Path would make the
 * interface look like one of supervision's own resources (AuthorizationMatrixTest).
 */
public interface IntakeArchiveApi {

    /** The petition with its materials' metadata, for the archive (role service). */
    @GET
    @Path("/internal/petitions/{petitionId}/archive")
    Response petition(@PathParam("petitionId") String petitionId);

    /** One material's bytes, streamed (role service). */
    @GET
    @Path("/petitions/{petitionId}/materials/{materialId}")
    Response material(@PathParam("petitionId") String petitionId, @PathParam("materialId") String materialId);

    /** How alike candidates' texts are to a petition's, numbers only (role service): link suggestions. */
    @POST
    @Path("/internal/similarity")
    @Consumes("application/json")
    Response similarity(String question);
}

package gov.petitions.intake.client;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * A challenge provider's siteverify endpoint (the client's base URI is the whole verify URL), as a typed REST client:
 * a form POST answered by JSON; answers come back as they are.
 */
public interface ChallengeApi {

    /** {@code form}: secret, response and remoteip, URL-encoded in that order. */
    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.APPLICATION_JSON)
    Uni<Response> verify(String form);
}

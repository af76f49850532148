package gov.petitions.insight.client;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * Another replica of insight-service, as a typed REST client: the same endpoints the staff call, asked with the
 * caller's own token and {@link #LOCAL_ONLY}, so the replica answers from its own stores and never forwards again.
 * Answers come back as they are (the default exception mapper is off): {@link ReplicaCalls} decides what a status
 * means. The paths sit on the methods: a class-level @Path would make the interface look like one of insight's own
 * resources (AuthorizationMatrixTest).
 */
@Produces(MediaType.APPLICATION_JSON)
public interface ReplicaApi {

    /** Set on a forwarded request: answer from this replica's stores only. */
    String LOCAL_ONLY = "X-Insight-Local-Only";

    @GET
    @Path("/hotspots")
    Response list(@QueryParam("jurisdiction") String jurisdiction, @QueryParam("status") String status,
                  @HeaderParam(LOCAL_ONLY) String localOnly, @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization);

    @GET
    @Path("/hotspots/{id}")
    Response one(@PathParam("id") String hotspotId,
                 @HeaderParam(LOCAL_ONLY) String localOnly, @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization);

    @GET
    @Path("/hotspots/series")
    Response series(@QueryParam("place") String place, @QueryParam("category") String category,
                    @QueryParam("target") String target, @QueryParam("window") String window,
                    @QueryParam("from") String from, @QueryParam("to") String to,
                    @HeaderParam(LOCAL_ONLY) String localOnly, @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization);

    @PUT
    @Path("/hotspots/rule")
    @Consumes(MediaType.APPLICATION_JSON)
    Response putRule(String ruleChange,
                     @HeaderParam(LOCAL_ONLY) String localOnly, @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization);
}

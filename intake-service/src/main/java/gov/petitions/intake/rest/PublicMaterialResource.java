package gov.petitions.intake.rest;

import gov.petitions.intake.Petition;
import gov.petitions.intake.client.ChallengeVerifier;
import gov.petitions.intake.material.Material;
import gov.petitions.intake.material.PetitionMaterials;
import gov.petitions.intake.rest.MaterialViews.MaterialView;
import gov.petitions.intake.service.PetitionArchiving;
import gov.petitions.intake.service.PetitionRegistration;
import gov.petitions.platform.files.Uploads;
import gov.petitions.platform.problem.ProblemException;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.io.InputStream;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The petitioner attaches materials online with the tracking number and query code from the receipt, checked as for
 * a status lookup (wrong codes count towards the lock). The code travels in a header, never in the URL. The
 * petitioner sees the list and each file's scan state but downloads nothing: what they sent they already have.
 */
@Path("/public/petitions/{trackingNumber}/materials")
@PermitAll
@Tag(name = "Public")
@Produces(MediaType.APPLICATION_JSON)
public class PublicMaterialResource {

    public static final String QUERY_CODE = "X-Query-Code";
    private static final Pattern TRACKING = Pattern.compile(PetitionRequests.TRACKING);
    private static final Pattern CODE = Pattern.compile(PetitionRequests.QUERY_CODE);

    private final PetitionRegistration registration;
    private final PetitionMaterials materials;

    public PublicMaterialResource(PetitionRegistration registration, PetitionMaterials materials) {
        this.registration = registration;
        this.materials = materials;
    }

    @POST
    @Blocking
    @Consumes(MediaType.WILDCARD)
    @HumanChallenge(followUp = true)
    @Parameter(in = ParameterIn.HEADER, name = QUERY_CODE, required = true, description = "The query code on the receipt")
    @Parameter(in = ParameterIn.HEADER, name = MaterialResource.FILE_NAME, description = "The file's name, percent-encoded UTF-8")
    @Parameter(in = ParameterIn.HEADER, name = ChallengeVerifier.HEADER, required = false,
            description = "The human-verification widget's token; required when intake.challenge.verify-url is set and intake.challenge.follow-ups is true")
    @Operation(summary = "Attach a material (材料) to one's own petition online: the file itself is the body",
            description = "As the staff upload: PDF, JPEG, PNG or TIFF by content; 400 empty, 413 too large, 415 other "
                    + "kinds; the answer says whether the virus scan found it clean, infected (quarantined) or pending")
    public Response upload(@PathParam("trackingNumber") String trackingNumber, @HeaderParam(QUERY_CODE) String queryCode,
                           @HeaderParam(MaterialResource.FILE_NAME) String fileName,
                           @HeaderParam("Content-Length") String contentLength, InputStream body) {
        Petition p = verified(trackingNumber, queryCode);
        if (p.archived()) {
            throw PetitionArchiving.gone(p);
        }
        materials.refuseDeclaredTooLarge(contentLength);
        Material m = materials.upload(p.id, Uploads.decodeName(fileName), body,
                new PetitionMaterials.Uploader(Material.UploaderKind.PETITIONER, "online"));
        return Response.status(Response.Status.CREATED).entity(MaterialView.of(m)).type(MediaType.APPLICATION_JSON_TYPE).build();
    }

    @GET
    @Parameter(in = ParameterIn.HEADER, name = QUERY_CODE, required = true, description = "The query code on the receipt")
    @Operation(summary = "One's own petition's materials and their scan state")
    public List<MaterialView> list(@PathParam("trackingNumber") String trackingNumber, @HeaderParam(QUERY_CODE) String queryCode) {
        Petition p = verified(trackingNumber, queryCode);
        return materials.list(p.id).stream().map(MaterialView::of).toList();
    }

    private Petition verified(String trackingNumber, String queryCode) {
        if (trackingNumber == null || !TRACKING.matcher(trackingNumber).matches()) {
            throw ProblemException.badRequest("bad-tracking-number", "Not a tracking number",
                    "a tracking number looks like XF20261126000001");
        }
        if (queryCode == null || !CODE.matcher(queryCode).matches()) {
            throw ProblemException.badRequest("bad-query-code", "The query code is missing or malformed",
                    "give the query code on the receipt in the " + QUERY_CODE + " header");
        }
        return registration.lookUp(trackingNumber, queryCode)
                .orElseThrow(() -> ProblemException.notFound("Petition",
                        "No petition matches this tracking number and query code"));
    }
}

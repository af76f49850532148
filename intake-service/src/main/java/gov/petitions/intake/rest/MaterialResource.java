package gov.petitions.intake.rest;

import gov.petitions.intake.Petition;
import gov.petitions.intake.material.Material;
import gov.petitions.intake.material.PetitionMaterials;
import gov.petitions.intake.rest.MaterialViews.MaterialView;
import gov.petitions.intake.service.PetitionArchiving;
import gov.petitions.platform.files.Uploads;
import gov.petitions.platform.security.CallerScope;
import gov.petitions.platform.security.Roles;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Materials (材料) of a registered petition for staff: the same scope as the petition itself (its jurisdiction,
 * never the accused unit's: 404 as for a petition that does not exist).
 */
@Path("/petitions/{petitionId}/materials")
@Tag(name = "Petition materials (staff)")
@Produces(MediaType.APPLICATION_JSON)
public class MaterialResource {

    /** The file's name, percent-encoded UTF-8 (JavaScript's encodeURIComponent), since headers are ASCII. */
    public static final String FILE_NAME = "X-File-Name";

    private final PetitionMaterials materials;
    private final SecurityIdentity identity;

    public MaterialResource(PetitionMaterials materials, SecurityIdentity identity) {
        this.materials = materials;
        this.identity = identity;
    }

    @POST
    @Blocking
    @Consumes(MediaType.WILDCARD)
    @RolesAllowed(Roles.CLERK)
    @Parameter(in = ParameterIn.HEADER, name = FILE_NAME, description = "The file's name, percent-encoded UTF-8")
    @Operation(summary = "Attach a material (材料): the file itself is the body (PDF, JPEG, PNG or TIFF, recognised by "
            + "its bytes); scanned by ClamAV before it can be downloaded",
            description = "201 with the material's state: CLEAN, INFECTED (quarantined, never served) or PENDING (the "
                    + "scanner is unavailable; scanned again later). 400 for an empty file, 413 for a file over "
                    + "intake.materials.max-file-size or a petition's materials over their total, 409 when the "
                    + "petition has intake.materials.max-per-petition already, 415 for any other kind of file")
    public Response upload(@PathParam("petitionId") UUID petitionId, @HeaderParam(FILE_NAME) String fileName,
                           @HeaderParam("Content-Length") String contentLength, InputStream body) {
        notArchived(visiblePetition(petitionId));
        materials.refuseDeclaredTooLarge(contentLength);
        Material m = materials.upload(petitionId, Uploads.decodeName(fileName), body,
                new PetitionMaterials.Uploader(Material.UploaderKind.CLERK, identity.getPrincipal().getName()));
        return Response.status(Response.Status.CREATED)
                .location(java.net.URI.create("/petitions/" + petitionId + "/materials/" + m.id()))
                .entity(MaterialView.of(m)).type(MediaType.APPLICATION_JSON_TYPE).build();
    }

    @GET
    @RolesAllowed({Roles.CLERK, Roles.SUPERVISOR, Roles.LEADER, Roles.AUDITOR, Roles.SERVICE})
    @Operation(summary = "The petition's materials with their scan state; 404 where the petition itself is not visible")
    public List<MaterialView> list(@PathParam("petitionId") UUID petitionId) {
        visiblePetition(petitionId);
        return materials.list(petitionId).stream().map(MaterialView::of).toList();
    }

    @GET
    @Path("{materialId}")
    @Produces({"application/pdf", "image/jpeg", "image/png", "image/tiff", MediaType.APPLICATION_JSON})
    @RolesAllowed({Roles.CLERK, Roles.SUPERVISOR, Roles.LEADER, Roles.AUDITOR, Roles.SERVICE})
    @Operation(summary = "Download a material found clean (every download is recorded: who, when); 409 while it "
            + "waits for the scan or when it is quarantined, 410 (archived) once the petition is archived")
    public Response download(@PathParam("petitionId") UUID petitionId, @PathParam("materialId") UUID materialId) {
        // an archived petition's materials are kept as metadata and digest only: the bytes are in the archive file
        notArchived(visiblePetition(petitionId));
        Material m = materials.forDownload(petitionId, materialId, identity.getPrincipal().getName(),
                String.join(" ", new TreeSet<>(identity.getRoles())));
        StreamingOutput content = out -> materials.copyContent(m, out);
        return Response.ok(content, m.type().mediaType)
                .header("Content-Length", m.sizeBytes())
                .header("Content-Disposition", "attachment; filename=\"material." + m.type().extension
                        + "\"; filename*=UTF-8''" + URLEncoder.encode(m.fileName(), StandardCharsets.UTF_8).replace("+", "%20"))
                .header("X-Content-Type-Options", "nosniff")
                .header("Content-Security-Policy", "sandbox")
                .header("Cache-Control", "no-store")
                .build();
    }

    /** One answer for "no such petition" and "not yours": a 403 would tell the accused an accusation exists. */
    private Petition visiblePetition(UUID petitionId) {
        Petition petition = QuarkusTransaction.requiringNew().call(() -> Petition.<Petition>findById(petitionId));
        if (petition == null) {
            throw CallerScope.notFound();
        }
        CallerScope.of(identity).requireVisible(petition.scope());
        return petition;
    }

    private static void notArchived(Petition petition) {
        if (petition.archived()) {
            throw PetitionArchiving.gone(petition);
        }
    }
}

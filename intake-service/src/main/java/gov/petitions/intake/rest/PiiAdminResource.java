package gov.petitions.intake.rest;

import gov.petitions.intake.service.PiiKeyRotation;
import gov.petitions.platform.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Key rotation for petitioners' identity at rest (see deploy/README.md, "Rotate the PII key"). */
@Path("/internal/pii")
@Tag(name = "Internal")
@Produces(MediaType.APPLICATION_JSON)
public class PiiAdminResource {

    private final PiiKeyRotation rotation;

    public PiiAdminResource(PiiKeyRotation rotation) {
        this.rotation = rotation;
    }

    @POST
    @Path("re-encryption")
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Re-encrypt every petitioner under the current key; reports how many rows are left under other keys")
    public PiiKeyRotation.Result reEncrypt() {
        return rotation.reEncryptAll();
    }
}

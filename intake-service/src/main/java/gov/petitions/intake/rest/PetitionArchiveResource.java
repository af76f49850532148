package gov.petitions.intake.rest;

import gov.petitions.intake.service.PetitionArchiving;
import gov.petitions.platform.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.UUID;

/**
 * For supervision-service, which writes the archive file (信访档案) of a closed case past its retention period: every
 * thing intake holds about the petition, personal data in clear, each person revealed written to the PII access log.
 * Only a service token: no person reads this, and a service token sees the whole province (CallerScope).
 */
@Path("/internal/petitions")
@Tag(name = "Internal")
@Produces(MediaType.APPLICATION_JSON)
public class PetitionArchiveResource {

    private final PetitionArchiving archiving;

    public PetitionArchiveResource(PetitionArchiving archiving) {
        this.archiving = archiving;
    }

    @GET
    @Path("{petitionId}/archive")
    @RolesAllowed(Roles.SERVICE)
    @Operation(summary = "What intake holds about a petition for its archive file, personal data in clear, audited "
            + "(PII access log, purpose ARCHIVE)",
            description = "petition (every field, petitioner and representatives in clear, accused persons named, the "
                    + "Open311 client if one submitted it), materials (metadata and SHA-256, no bytes) and the contact "
                    + "changes made for it (old and new values in clear). 404 for a petition intake does not hold, "
                    + "410 (archived) once its personal data has been removed")
    public PetitionArchiving.ArchiveFile archive(@PathParam("petitionId") UUID petitionId, SecurityContext security) {
        return archiving.archiveFile(petitionId, security.getUserPrincipal().getName());
    }
}

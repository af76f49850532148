package gov.petitions.intake.rest;

import gov.petitions.intake.service.PetitionerContacts;
import gov.petitions.platform.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.UUID;

/** For notification-service at send time; every call is written to the PII access log. */
@Path("/internal/petitioners")
@Tag(name = "Internal")
@Produces(MediaType.APPLICATION_JSON)
public class PetitionerContactResource {

    private final PetitionerContacts contacts;

    public PetitionerContactResource(PetitionerContacts contacts) {
        this.contacts = contacts;
    }

    @GET
    @Path("{petitionerRef}/contact")
    @RolesAllowed(Roles.SERVICE)
    @Operation(summary = "Contact details in clear, audited: who, when, which petition (petitionId), why (purpose)")
    public PetitionerContacts.Contact contact(UUID petitionerRef,
                                              @QueryParam("purpose") @NotBlank @Size(max = 200) String purpose,
                                              @QueryParam("petitionId") UUID petitionId,
                                              SecurityContext security) {
        return contacts.reveal(petitionerRef, petitionId, security.getUserPrincipal().getName(), purpose);
    }
}

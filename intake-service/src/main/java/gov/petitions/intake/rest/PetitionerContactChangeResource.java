package gov.petitions.intake.rest;

import gov.petitions.intake.rest.PetitionRequests.ContactChangeRequest;
import gov.petitions.intake.service.PetitionerContacts;
import gov.petitions.platform.security.CallerScope;
import gov.petitions.platform.security.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;
import java.util.UUID;

/**
 * The only way a person's stored contact changes: a clerk at the desk with the person present. Registering a
 * petition never changes it; every change is kept (old and new values, encrypted) with who, when and the petition.
 */
@Path("/petitioners/{petitionerRef}")
@Tag(name = "Petitioners")
@Produces(MediaType.APPLICATION_JSON)
public class PetitionerContactChangeResource {

    private final PetitionerContacts contacts;

    private final SecurityIdentity identity;

    public PetitionerContactChangeResource(PetitionerContacts contacts, SecurityIdentity identity) {
        this.contacts = contacts;
        this.identity = identity;
    }

    @PUT
    @Path("contact")
    @RolesAllowed(Roles.CLERK)
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Change the person's stored contact, with the person present (personPresent: true); kept as history")
    public PetitionerContacts.ChangeRecord change(@PathParam("petitionerRef") UUID petitionerRef,
                                                  @Valid @NotNull ContactChangeRequest body, SecurityContext security) {
        return contacts.change(petitionerRef, body.petitionId(), new PetitionerContacts.ContactChange(
                        body.name().strip(), body.phone(), body.email(), body.address()),
                security.getUserPrincipal().getName(), Boolean.TRUE.equals(body.personPresent()),
                CallerScope.of(identity));
    }

    @GET
    @Path("contact-changes")
    @RolesAllowed({Roles.AUDITOR, Roles.CLERK})
    @Operation(summary = "Every change of the person's stored contact: who, when, for which petition (no contact in clear)")
    public List<PetitionerContacts.ChangeRecord> changes(@PathParam("petitionerRef") UUID petitionerRef) {
        return contacts.history(petitionerRef, CallerScope.of(identity));
    }
}

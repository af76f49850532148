package gov.petitions.intake.rest;

import gov.petitions.intake.ContactPurpose;
import gov.petitions.intake.service.PetitionerContacts;
import gov.petitions.platform.problem.ProblemException;
import gov.petitions.platform.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.Arrays;
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
    @Operation(summary = "The contact given with one petition of this petitioner, in clear, audited: who, when, which "
            + "petition (petitionId, required, must be the petitioner's), why (purpose: RECEIPT, STATUS_NOTICE, "
            + "REPLY_LETTER, LETTER_PRINT, FOLLOW_UP)")
    public PetitionerContacts.Contact contact(UUID petitionerRef,
                                              @QueryParam("purpose") @NotNull String purpose,
                                              @QueryParam("petitionId") @NotNull UUID petitionId,
                                              SecurityContext security) {
        return contacts.reveal(petitionerRef, petitionId, security.getUserPrincipal().getName(), purposeOf(purpose));
    }

    /** A closed list: free text would let any reason through and make the access log unreadable. */
    static ContactPurpose purposeOf(String purpose) {
        return Arrays.stream(ContactPurpose.values()).filter(p -> p.name().equals(purpose)).findFirst()
                .orElseThrow(() -> ProblemException.badRequest("unknown-purpose", "Unknown purpose",
                        "purpose must be one of " + Arrays.toString(ContactPurpose.values())));
    }
}

package gov.petitions.intake.rest;

import gov.petitions.intake.Petition;
import gov.petitions.intake.Petitioner;
import gov.petitions.intake.rest.PetitionRequests.RegisterPetition;
import gov.petitions.intake.rest.PetitionViews.PetitionView;
import gov.petitions.intake.rest.PetitionViews.RegistrationReceipt;
import gov.petitions.intake.service.PetitionRegistration;
import gov.petitions.platform.problem.ProblemException;
import gov.petitions.platform.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.transaction.Transactional;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.UUID;

@Path("/petitions")
@Tag(name = "Petitions (staff)")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class PetitionResource {

    private final PetitionRegistration registration;

    public PetitionResource(PetitionRegistration registration) {
        this.registration = registration;
    }

    @POST
    @RolesAllowed(Roles.CLERK)
    @Operation(summary = "Register a walk-in, letter or hotline petition (登记)")
    public Response register(@Valid @NotNull RegisterPetition body, SecurityContext security, UriInfo uri) {
        PetitionRegistration.Receipt receipt = registration.register(new PetitionRegistration.NewPetition(
                body.channel(), body.categoryCode(), body.locationCode(), body.summary(), body.content(),
                body.personCount() == null ? 1 : body.personCount(), body.petitioner().name(),
                body.petitioner().phone(), security.getUserPrincipal().getName()));
        Petition p = receipt.petition();
        return Response.created(uri.getBaseUriBuilder().path("petitions").path(p.id.toString()).build())
                .entity(new RegistrationReceipt(p.id, p.trackingNumber, receipt.queryCode(), p.registeredAt))
                .build();
    }

    @GET
    @Path("{petitionId}")
    @RolesAllowed({Roles.CLERK, Roles.SUPERVISOR, Roles.LEADER, Roles.AUDITOR, Roles.SERVICE})
    @Transactional
    @Operation(summary = "A registered petition, petitioner masked")
    public PetitionView get(UUID petitionId) {
        Petition petition = Petition.findById(petitionId);
        if (petition == null) {
            throw ProblemException.notFound("Petition", "No petition with id " + petitionId);
        }
        Petitioner petitioner = Petitioner.findById(petition.petitionerId);
        return PetitionView.of(petition, petitioner);
    }
}

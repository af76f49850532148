package gov.petitions.intake.rest;

import gov.petitions.intake.Petition;
import gov.petitions.intake.Petitioner;
import gov.petitions.intake.rest.PetitionRequests.RegisterPetition;
import gov.petitions.intake.rest.PetitionViews.PetitionView;
import gov.petitions.intake.service.IdempotencyKeys;
import gov.petitions.intake.service.PetitionRegistration;
import gov.petitions.intake.service.PetitionRegistration.NewPetition;
import gov.petitions.platform.problem.ProblemException;
import gov.petitions.platform.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.transaction.Transactional;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;
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
    @Operation(summary = "Register a walk-in, letter or hotline petition (登记); an Idempotency-Key makes retries safe")
    public Response register(@Valid @NotNull RegisterPetition body,
                             @HeaderParam(IdempotencyKeys.HEADER) String idempotencyKey, SecurityContext security) {
        IdempotencyKeys.checkFormat(idempotencyKey);
        String clerk = security.getUserPrincipal().getName();
        PetitionRegistration.Receipt receipt = registration.registerOnce(
                IdempotentResponses.scope(security, "POST /petitions"), idempotencyKey, body,
                () -> registration.register(new NewPetition(body.channel(), body.categoryCode(), body.locationCode(),
                        body.summary(), body.content(), body.personCount() == null ? 1 : body.personCount(),
                        PetitionInputs.person(body.petitioner()), PetitionInputs.representatives(body.representatives()),
                        body.letter() == null ? null : body.letter().receivedOn(),
                        body.letter() == null ? null : body.letter().postmarkedOn(),
                        body.instruction() == null ? null : body.instruction().leader().strip(),
                        body.instruction() == null ? null : body.instruction().text(),
                        PetitionInputs.accused(body.accused()), null, null, clerk)));
        return IdempotentResponses.receipt(receipt, "/petitions/" + receipt.petition().id);
    }

    @GET
    @Path("{petitionId}")
    @RolesAllowed({Roles.CLERK, Roles.SUPERVISOR, Roles.LEADER, Roles.AUDITOR, Roles.SERVICE})
    @Transactional
    @Operation(summary = "A registered petition, petitioner and representatives masked")
    public PetitionView get(UUID petitionId) {
        Petition petition = Petition.findById(petitionId);
        if (petition == null) {
            throw ProblemException.notFound("Petition", "No petition with id " + petitionId);
        }
        Petitioner petitioner = Petitioner.findById(petition.petitionerId);
        @SuppressWarnings("unchecked")
        List<UUID> representativeIds = Petition.getEntityManager().createNativeQuery(
                        "select petitioner_id from petition_representative where petition_id = :id order by ordinal", UUID.class)
                .setParameter("id", petitionId).getResultList();
        List<PetitionViews.PersonView> representatives = representativeIds.stream()
                .map(id -> PetitionViews.PersonView.of(Petitioner.findById(id))).toList();
        return PetitionView.of(petition, petitioner, representatives);
    }
}

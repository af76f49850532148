package gov.petitions.intake.rest;

import gov.petitions.intake.Petition;
import gov.petitions.intake.Petitioner;
import gov.petitions.intake.rest.PetitionRequests.RegisterPetition;
import gov.petitions.intake.rest.PetitionViews.PetitionView;
import gov.petitions.intake.service.IdempotencyKeys;
import gov.petitions.intake.service.PetitionRegistration;
import gov.petitions.intake.service.NewPetition;
import gov.petitions.intake.PetitionContact;
import gov.petitions.intake.service.PetitionArchiving;
import gov.petitions.intake.service.PiiCipher;
import gov.petitions.platform.security.CallerScope;
import io.quarkus.security.identity.SecurityIdentity;
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
    private final SecurityIdentity identity;
    private final PiiCipher cipher;

    public PetitionResource(PetitionRegistration registration, SecurityIdentity identity, PiiCipher cipher) {
        this.registration = registration;
        this.identity = identity;
        this.cipher = cipher;
    }

    @POST
    @RolesAllowed(Roles.CLERK)
    @Operation(summary = "Register a walk-in, letter, hotline or online petition (登记); an Idempotency-Key makes retries safe",
            description = "A group petition (集体访) gives personCount and names at most 5 representatives, whatever the "
                    + "channel; a letter gives letter.receivedOn, which petition.registered carries as receivedOn")
    public Response register(@Valid @NotNull RegisterPetition body,
                             @HeaderParam(IdempotencyKeys.HEADER) String idempotencyKey, SecurityContext security) {
        IdempotencyKeys.checkFormat(idempotencyKey);
        String clerk = security.getUserPrincipal().getName();
        // written together with other concurrent registrations, answered after the shared commit (issue #20)
        PetitionRegistration.Receipt receipt = registration.registerShared(
                IdempotentResponses.scope(security, "POST /petitions"), idempotencyKey, body,
                NewPetition.of(body.channel(),
                                PetitionInputs.matter(body.categoryCode(), body.locationCode(), body.summary(), body.content()),
                                PetitionInputs.person(body.petitioner()), clerk)
                        .speakingFor(PetitionInputs.group(body.personCount(), body.representatives()))
                        .accusing(PetitionInputs.accused(body.accused()))
                        .withLetter(PetitionInputs.letter(body.letter()))
                        .withInstruction(PetitionInputs.instruction(body.instruction())),
                () -> { });
        return IdempotentResponses.receipt(receipt, "/petitions/" + receipt.petition().id);
    }

    @GET
    @Path("{petitionId}")
    @RolesAllowed({Roles.CLERK, Roles.SUPERVISOR, Roles.LEADER, Roles.AUDITOR, Roles.SERVICE})
    @Transactional
    @Operation(summary = "A registered petition, petitioner and representatives masked; 404 outside the caller's "
            + "jurisdiction or inside the petition's recusal set (回避), as for a petition that does not exist")
    public PetitionView get(UUID petitionId) {
        Petition petition = Petition.findById(petitionId);
        // one answer for "no such petition" and "not yours": a 403 would tell the accused an accusation exists
        if (petition == null) {
            throw CallerScope.notFound();
        }
        CallerScope.of(identity).requireVisible(petition.scope());
        if (petition.archived()) {
            return archived(petition);
        }
        PetitionContact given = PetitionContact.findById(petitionId);
        PetitionViews.PersonView petitioner = given != null
                ? new PetitionViews.PersonView(petition.petitionerId, PiiCipher.maskName(cipher.decrypt(given.nameCiphertext)),
                given.phoneCiphertext == null ? null : PiiCipher.maskPhone(cipher.decrypt(given.phoneCiphertext)),
                given.idNumberCiphertext == null ? null : PiiCipher.maskIdNumber(cipher.decrypt(given.idNumberCiphertext)))
                // petitions registered before each kept its own contact
                : PetitionViews.PersonView.of(Petitioner.findById(petition.petitionerId));
        @SuppressWarnings("unchecked")
        List<UUID> representativeIds = Petition.getEntityManager().createNativeQuery(
                        "select petitioner_id from petition_representative where petition_id = :id order by ordinal", UUID.class)
                .setParameter("id", petitionId).getResultList();
        List<PetitionViews.PersonView> representatives = representativeIds.stream()
                .map(id -> PetitionViews.PersonView.of(Petitioner.findById(id))).toList();
        return PetitionView.of(petition, petitioner, representatives, accused(petition));
    }

    /**
     * An archived petition (信访档案): its personal data is gone, the marker stands in each person's place; what
     * statistics keep (codes, dates, counts, repeat links) is shown as before.
     */
    private static PetitionView archived(Petition petition) {
        PetitionViews.PersonView gone = new PetitionViews.PersonView(petition.petitionerId, PetitionArchiving.MARKER,
                null, null);
        @SuppressWarnings("unchecked")
        List<UUID> representativeIds = Petition.getEntityManager().createNativeQuery(
                        "select petitioner_id from petition_representative where petition_id = :id order by ordinal", UUID.class)
                .setParameter("id", petition.id).getResultList();
        List<PetitionViews.PersonView> representatives = representativeIds.stream()
                .map(id -> new PetitionViews.PersonView(id, PetitionArchiving.MARKER, null, null)).toList();
        List<PetitionViews.AccusedView> accused = petition.accused == null ? List.of() : petition.accused.stream()
                .map(a -> new PetitionViews.AccusedView(a.kind() == Petition.AccusedKind.PERSON ? PetitionArchiving.MARKER
                        : a.name(), a.kind(), a.unitCode(), a.unitCodeResolved())).toList();
        return PetitionView.of(petition, gone, representatives, accused);
    }

    /** Units in clear (a unit's name is no personal data), persons masked; their names are only kept encrypted. */
    private static List<PetitionViews.AccusedView> accused(Petition petition) {
        if (petition.accused == null || petition.accused.isEmpty()) {
            return List.of();
        }
        @SuppressWarnings("unchecked")
        List<Object[]> rows = Petition.getEntityManager().createNativeQuery(
                        "select ordinal, name_masked from accused_person where petition_id = :id")
                .setParameter("id", petition.id).getResultList();
        java.util.Map<Integer, String> masked = new java.util.HashMap<>();
        for (Object[] row : rows) {
            masked.put(((Number) row[0]).intValue(), (String) row[1]);
        }
        List<PetitionViews.AccusedView> views = new java.util.ArrayList<>();
        for (int i = 0; i < petition.accused.size(); i++) {
            Petition.Accused a = petition.accused.get(i);
            String name = a.kind() == Petition.AccusedKind.PERSON
                    ? masked.getOrDefault(i, a.name() == null ? null : PiiCipher.maskName(a.name()))
                    : a.name();
            views.add(new PetitionViews.AccusedView(name, a.kind(), a.unitCode(), a.unitCodeResolved()));
        }
        return views;
    }
}

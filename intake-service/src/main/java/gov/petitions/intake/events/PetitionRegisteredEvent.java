package gov.petitions.intake.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import gov.petitions.intake.Channel;
import gov.petitions.intake.Petition;
import gov.petitions.platform.outbox.EventContract;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * intake's view of contracts/events/petition.registered.v1.schema.json. Carries no petitioner PII: the
 * petitioner appears only as a pseudonymous reference; accused persons are never named, accused units are.
 * receivedOn: a letter's received date (收信日期, China's date), from which its statutory clocks count; absent for
 * every other channel.
 */
@EventContract("petition.registered")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PetitionRegisteredEvent(UUID petitionId, String trackingNumber, Channel channel, String categoryCode,
                                      String locationCode, UUID petitionerRef, int personCount,
                                      OffsetDateTime registeredAt, List<String> accusedUnitCodes,
                                      int priorPetitions, UUID repeatOf, List<String> accusedTargets,
                                      String receivedByLeader, LocalDate receivedOn) implements IntakeEvent {

    /**
     * The event of a petition just registered: the petitioner by reference only, the accused units by code (empty:
     * left out) and units or companies by name as hot-spot targets; accused persons never. receivedOn for letters.
     */
    public static PetitionRegisteredEvent of(Petition petition, List<String> accusedUnitCodes, List<String> accusedTargets) {
        return new PetitionRegisteredEvent(petition.id, petition.trackingNumber, petition.channel,
                petition.categoryCode, petition.locationCode, petition.petitionerId, petition.personCount,
                petition.registeredAt, accusedUnitCodes.isEmpty() ? null : List.copyOf(accusedUnitCodes),
                petition.priorPetitions, petition.repeatOf, accusedTargets.isEmpty() ? null : List.copyOf(accusedTargets),
                petition.receivedByLeader, petition.channel == Channel.LETTER ? petition.letterReceivedOn : null);
    }
}

package gov.petitions.intake.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import gov.petitions.intake.Channel;
import gov.petitions.intake.Petition;
import gov.petitions.intake.Petitioner;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

public final class PetitionViews {

    private PetitionViews() {
    }

    /** Given at registration: the query code cannot be shown again (a retried registration issues a new one). */
    public record RegistrationReceipt(UUID petitionId, String trackingNumber, String queryCode, OffsetDateTime registeredAt) {
    }

    /** A person as staff screens show them: masked. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record PersonView(UUID petitionerRef, String name, String phone, String idNumber) {
        static PersonView of(Petitioner p) {
            return new PersonView(p.id, p.nameMasked, p.phoneMasked, p.idNumberMasked);
        }
    }

    /** What staff see; the petitioner only masked. */
    public record PetitionView(UUID petitionId, String trackingNumber, Channel channel, String categoryCode,
                               String locationCode, String summary, String content, int personCount,
                               UUID petitionerRef, String petitionerName, String petitionerPhone,
                               String petitionerIdNumber, List<PersonView> representatives,
                               OffsetDateTime registeredAt, int priorPetitions, UUID repeatOf,
                               LocalDate letterReceivedOn, LocalDate letterPostmarkedOn, String instructionLeader,
                               String instructionText, String receivedByLeader, UUID receptionSessionId,
                               List<Petition.Accused> accused) {

        static PetitionView of(Petition p, Petitioner petitioner, List<PersonView> representatives) {
            return new PetitionView(p.id, p.trackingNumber, p.channel, p.categoryCode, p.locationCode, p.summary,
                    p.content, p.personCount, p.petitionerId, petitioner.nameMasked, petitioner.phoneMasked,
                    petitioner.idNumberMasked, representatives, p.registeredAt, p.priorPetitions, p.repeatOf,
                    p.letterReceivedOn, p.letterPostmarkedOn, p.instructionLeader, p.instructionText,
                    p.receivedByLeader, p.receptionSessionId, p.accused == null ? List.of() : p.accused);
        }
    }

    /** What the petitioner sees with tracking number and code. */
    public record PublicStatus(String trackingNumber, String status, String statusText, String categoryCode,
                               String locationCode, OffsetDateTime registeredAt,
                               com.fasterxml.jackson.databind.JsonNode progress) {
    }
}

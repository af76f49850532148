package gov.petitions.intake.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import gov.petitions.intake.Channel;
import gov.petitions.intake.Petition;
import gov.petitions.intake.Petitioner;
import gov.petitions.platform.time.ChinaTime;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

public final class PetitionViews {

    private PetitionViews() {
    }

    /**
     * Given at registration: the query code cannot be shown again (a retried registration issues a new one).
     * registeredAt in China's time (+08:00); registeredOn its date in China, the date the receipt prints and the
     * tracking number carries.
     */
    public record RegistrationReceipt(UUID petitionId, String trackingNumber, String queryCode, OffsetDateTime registeredAt,
                                      LocalDate registeredOn) {
        static RegistrationReceipt of(Petition p, String queryCode) {
            return new RegistrationReceipt(p.id, p.trackingNumber, queryCode, inChina(p.registeredAt), onDayInChina(p.registeredAt));
        }
    }

    /** A timestamp as a person in China reads it (+08:00); null stays null. */
    public static OffsetDateTime inChina(OffsetDateTime at) {
        return at == null ? null : ChinaTime.inChina(at.toInstant());
    }

    static LocalDate onDayInChina(OffsetDateTime at) {
        return at == null ? null : ChinaTime.dateInChina(at);
    }

    /** A person as staff screens show them: masked. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record PersonView(UUID petitionerRef, String name, String phone, String idNumber) {
        static PersonView of(Petitioner p) {
            return new PersonView(p.id, p.nameMasked, p.phoneMasked, p.idNumberMasked);
        }
    }

    /**
     * One accused as staff see it: a unit by name and code (given, or resolved from the name), a person masked.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record AccusedView(String name, Petition.AccusedKind kind, String unitCode, Boolean unitCodeResolved) {
    }

    /**
     * What staff see. The petitioner as they gave themselves with this petition (its own contact, masked), not as
     * stored for the person: someone else may have filed it with that person's ID number. accusedNeedsCheck: a unit
     * was accused by a name that matched no unit, and the whole county is kept out of the case until someone checks.
     * archivedAt: when the case was archived (信访档案) and its personal data removed (the marker stands in its place);
     * null while it is not.
     */
    public record PetitionView(UUID petitionId, String trackingNumber, Channel channel, String categoryCode,
                               String locationCode, String summary, String content, int personCount,
                               UUID petitionerRef, String petitionerName, String petitionerPhone,
                               String petitionerIdNumber, List<PersonView> representatives,
                               OffsetDateTime registeredAt, int priorPetitions, UUID repeatOf,
                               LocalDate letterReceivedOn, LocalDate letterPostmarkedOn, String instructionLeader,
                               String instructionText, String receivedByLeader, UUID receptionSessionId,
                               List<AccusedView> accused, boolean accusedNeedsCheck, OffsetDateTime archivedAt) {

        static PetitionView of(Petition p, PersonView petitioner, List<PersonView> representatives,
                               List<AccusedView> accused) {
            return new PetitionView(p.id, p.trackingNumber, p.channel, p.categoryCode, p.locationCode, p.summary,
                    p.content, p.personCount, p.petitionerId, petitioner.name(), petitioner.phone(),
                    petitioner.idNumber(), representatives, inChina(p.registeredAt), p.priorPetitions, p.repeatOf,
                    p.letterReceivedOn, p.letterPostmarkedOn, p.instructionLeader, p.instructionText,
                    p.receivedByLeader, p.receptionSessionId, accused, p.accusedNeedsCheck, inChina(p.archivedAt));
        }
    }

    /** What the petitioner sees with tracking number and code; registeredAt in China's time, registeredOn its date there. */
    public record PublicStatus(String trackingNumber, String status, String statusText, String categoryCode,
                               String locationCode, OffsetDateTime registeredAt, LocalDate registeredOn,
                               com.fasterxml.jackson.databind.JsonNode progress) {

        static PublicStatus of(Petition p, String status, String statusText,
                               com.fasterxml.jackson.databind.JsonNode progress) {
            return new PublicStatus(p.trackingNumber, status, statusText, p.categoryCode, p.locationCode,
                    inChina(p.registeredAt), onDayInChina(p.registeredAt), progress);
        }
    }
}

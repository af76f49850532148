package gov.petitions.intake.rest;

import gov.petitions.intake.Channel;
import gov.petitions.intake.Petition;
import gov.petitions.intake.Petitioner;

import java.time.OffsetDateTime;
import java.util.UUID;

public final class PetitionViews {

    private PetitionViews() {
    }

    /** Given once, at registration: the query code cannot be shown again. */
    public record RegistrationReceipt(UUID petitionId, String trackingNumber, String queryCode, OffsetDateTime registeredAt) {
    }

    /** What staff see; the petitioner only masked. */
    public record PetitionView(UUID petitionId, String trackingNumber, Channel channel, String categoryCode,
                               String locationCode, String summary, String content, int personCount,
                               UUID petitionerRef, String petitionerName, String petitionerPhone,
                               OffsetDateTime registeredAt) {

        static PetitionView of(Petition p, Petitioner petitioner) {
            return new PetitionView(p.id, p.trackingNumber, p.channel, p.categoryCode, p.locationCode, p.summary,
                    p.content, p.personCount, p.petitionerId, petitioner.nameMasked, petitioner.phoneMasked,
                    p.registeredAt);
        }
    }

    /** What the petitioner sees with tracking number and code. */
    public record PublicStatus(String trackingNumber, String status, String statusText, String categoryCode,
                               String locationCode, OffsetDateTime registeredAt,
                               com.fasterxml.jackson.databind.JsonNode progress) {
    }
}

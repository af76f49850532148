package gov.petitions.intake.service;

import gov.petitions.intake.Petitioner;
import gov.petitions.intake.PiiAccess;
import gov.petitions.platform.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

/** Hands out a petitioner's contact details in clear, to a service account only, and audits each read. */
@ApplicationScoped
public class PetitionerContacts {

    private final PiiCipher cipher;

    public PetitionerContacts(PiiCipher cipher) {
        this.cipher = cipher;
    }

    /** What it takes to reach the person: by SMS or phone, email, or post. Absent parts are null. */
    public record Contact(UUID petitionerRef, String name, String phone, String email, String address) {
    }

    @Transactional
    public Contact reveal(UUID petitionerRef, UUID petitionId, String accessedBy, String purpose) {
        Petitioner petitioner = Petitioner.findById(petitionerRef);
        if (petitioner == null) {
            throw ProblemException.notFound("Petitioner", "No petitioner with this reference");
        }
        PiiAccess access = new PiiAccess();
        access.petitionerId = petitionerRef;
        access.petitionId = petitionId;
        access.accessedBy = accessedBy;
        access.purpose = purpose;
        access.accessedAt = OffsetDateTime.now(ZoneOffset.UTC);
        access.persist();
        return new Contact(petitionerRef, cipher.decrypt(petitioner.nameCiphertext), clear(petitioner.phoneCiphertext),
                clear(petitioner.emailCiphertext), clear(petitioner.addressCiphertext));
    }

    private String clear(byte[] ciphertext) {
        return ciphertext == null ? null : cipher.decrypt(ciphertext);
    }
}

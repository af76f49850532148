package gov.petitions.intake.service;

import gov.petitions.intake.ContactPurpose;
import gov.petitions.intake.Petition;
import gov.petitions.intake.PetitionContact;
import gov.petitions.intake.Petitioner;
import gov.petitions.intake.PiiAccess;
import gov.petitions.intake.service.PiiCipher.IdentityKind;
import gov.petitions.platform.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * A petitioner's contact details in clear, for one petition of theirs and one of a closed list of purposes, each
 * read audited; and the one way a person's stored contact changes: a clerk with the person present, kept as history.
 */
@ApplicationScoped
public class PetitionerContacts {

    private final PiiCipher cipher;
    private final EntityManager entityManager;

    private final java.time.Clock clock;

    public PetitionerContacts(PiiCipher cipher, EntityManager entityManager, java.time.Clock clock) {
        this.clock = clock;
        this.cipher = cipher;
        this.entityManager = entityManager;
    }

    /** What it takes to reach the person: by SMS or phone, email, or post. Absent parts are null. */
    public record Contact(UUID petitionerRef, String name, String phone, String email, String address) {
    }

    /**
     * The contact given with the petition (its petitioner's; a representative's is the one stored for that person).
     * A petition that is not the person's is "not found", whether or not it exists.
     */
    @Transactional
    public Contact reveal(UUID petitionerRef, UUID petitionId, String accessedBy, ContactPurpose purpose) {
        Objects.requireNonNull(petitionId, "petitionId");
        Objects.requireNonNull(purpose, "purpose");
        Petitioner petitioner = Petitioner.findById(petitionerRef);
        Petition petition = Petition.findById(petitionId);
        if (petition != null && petition.archived()) {
            // its contact is removed; the person's stored one (kept for their open petitions) is not for this case
            throw PetitionArchiving.gone(petition);
        }
        if (petitioner == null || petition == null || !concerns(petition, petitionerRef)) {
            throw ProblemException.notFound("Petition", "No petition of this petitioner with this id");
        }
        PiiAccess access = new PiiAccess();
        access.petitionerId = petitionerRef;
        access.petitionId = petitionId;
        access.accessedBy = accessedBy;
        access.purpose = purpose.name();
        access.accessedAt = OffsetDateTime.now(clock);
        access.persist();
        PetitionContact given = petitionerRef.equals(petition.petitionerId) ? PetitionContact.findById(petitionId) : null;
        if (given != null) {
            return new Contact(petitionerRef, cipher.decrypt(given.nameCiphertext), clear(given.phoneCiphertext),
                    clear(given.emailCiphertext), clear(given.addressCiphertext));
        }
        // a representative, or a petition registered before contacts were kept per petition
        return new Contact(petitionerRef, cipher.decrypt(petitioner.nameCiphertext), clear(petitioner.phoneCiphertext),
                clear(petitioner.emailCiphertext), clear(petitioner.addressCiphertext));
    }

    private boolean concerns(Petition petition, UUID petitionerRef) {
        return petitionerRef.equals(petition.petitionerId) || !entityManager.createNativeQuery(
                        "select 1 from petition_representative where petition_id = :petition and petitioner_id = :person")
                .setParameter("petition", petition.id).setParameter("person", petitionerRef).getResultList().isEmpty();
    }

    /** The new stored contact; the phone also becomes the one the person is recognised by. */
    public record ContactChange(String name, String phone, String email, String address) {
    }

    /** One change of a stored contact, as auditors see it: who, when, for which petition. No contact in clear. */
    public record ChangeRecord(long id, UUID petitionerRef, UUID petitionId, String changedBy, OffsetDateTime changedAt,
                               boolean personPresent) {
    }

    /**
     * Changes a person's stored contact. Only a clerk does it, with the person present (the caller asserts it and
     * the assertion is kept), in the context of one of the person's petitions, whose contact changes with it (the
     * person's other petitions keep the contact given with them); the old and new values are kept.
     */
    @Transactional
    public ChangeRecord change(UUID petitionerRef, UUID petitionId, ContactChange change, String clerk, boolean personPresent,
                               gov.petitions.platform.security.CallerScope scope) {
        if (!personPresent) {
            throw ProblemException.badRequest("person-not-present", "The person must be present",
                    "A stored contact is changed only with the person present at the desk (personPresent: true)");
        }
        Petitioner petitioner = Petitioner.findById(petitionerRef);
        Petition petition = petitionId == null ? null : Petition.findById(petitionId);
        if (petition != null && petition.archived() && scope.maySee(petition.scope())) {
            throw PetitionArchiving.gone(petition);
        }
        // a petition outside the clerk's jurisdiction, or one accusing the clerk's own division, does not exist for them
        if (petitioner == null || petition == null || !concerns(petition, petitionerRef) || !scope.maySee(petition.scope())) {
            throw ProblemException.notFound("Petition", "No petition of this petitioner with this id");
        }
        gov.petitions.intake.PetitionerContactChange record = new gov.petitions.intake.PetitionerContactChange();
        record.petitionerId = petitionerRef;
        record.petitionId = petitionId;
        record.changedBy = clerk;
        record.changedAt = OffsetDateTime.now(clock);
        record.personPresent = true;
        record.previousNameCiphertext = petitioner.nameCiphertext;
        record.previousPhoneCiphertext = petitioner.phoneCiphertext;
        record.previousEmailCiphertext = petitioner.emailCiphertext;
        record.previousAddressCiphertext = petitioner.addressCiphertext;
        record.newNameCiphertext = cipher.encrypt(change.name().strip());
        record.newPhoneCiphertext = seal(change.phone());
        record.newEmailCiphertext = seal(change.email());
        record.newAddressCiphertext = seal(change.address());
        record.persist();
        petitioner.nameCiphertext = record.newNameCiphertext;
        petitioner.nameMasked = PiiCipher.maskName(change.name());
        petitioner.phoneCiphertext = record.newPhoneCiphertext;
        petitioner.phoneMasked = change.phone() == null ? null : PiiCipher.maskPhone(change.phone());
        petitioner.phoneIndex = change.phone() == null ? null : cipher.index(IdentityKind.PHONE, change.phone());
        petitioner.emailCiphertext = record.newEmailCiphertext;
        petitioner.addressCiphertext = record.newAddressCiphertext;
        if (petitionerRef.equals(petition.petitionerId)) {
            // the petition the change was made for answers to the new contact too; other petitions keep theirs
            PetitionContact given = PetitionContact.findById(petitionId);
            if (given == null) {
                given = new PetitionContact();
                given.petitionId = petitionId;
                given.createdAt = record.changedAt;
            }
            given.nameCiphertext = record.newNameCiphertext;
            given.phoneCiphertext = record.newPhoneCiphertext;
            given.emailCiphertext = record.newEmailCiphertext;
            given.addressCiphertext = record.newAddressCiphertext;
            given.persist();
        }
        return toRecord(record);
    }

    private static ChangeRecord toRecord(gov.petitions.intake.PetitionerContactChange c) {
        return new ChangeRecord(c.id, c.petitionerId, c.petitionId, c.changedBy, c.changedAt, c.personPresent);
    }

    @Transactional
    public List<ChangeRecord> history(UUID petitionerRef, gov.petitions.platform.security.CallerScope scope) {
        // each change names a petition: only those of petitions the caller may see
        return gov.petitions.intake.PetitionerContactChange.<gov.petitions.intake.PetitionerContactChange>list(
                        "petitionerId = ?1 order by changedAt, id", petitionerRef).stream()
                .filter(c -> scope.seesWholeProvince() || visible(c.petitionId, scope))
                .map(PetitionerContacts::toRecord).toList();
    }

    private static boolean visible(UUID petitionId, gov.petitions.platform.security.CallerScope scope) {
        Petition petition = petitionId == null ? null : Petition.findById(petitionId);
        return petition != null && scope.maySee(petition.scope());
    }
    private byte[] seal(String value) {
        return value == null || value.isBlank() ? null : cipher.encrypt(value.strip());
    }

    private String clear(byte[] ciphertext) {
        return ciphertext == null ? null : cipher.decrypt(ciphertext);
    }
}

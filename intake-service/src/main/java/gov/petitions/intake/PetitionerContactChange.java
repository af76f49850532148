package gov.petitions.intake;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.OffsetDateTime;
import java.util.UUID;

/** One change of a person's stored contact: who made it, when, for which petition, and both values (encrypted). */
@Entity
@Table(name = "petitioner_contact_change")
public class PetitionerContactChange extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "petitioner_id", nullable = false)
    public UUID petitionerId;

    @Column(name = "petition_id")
    public UUID petitionId;

    @Column(name = "changed_by", nullable = false)
    public String changedBy;

    @Column(name = "changed_at", nullable = false)
    public OffsetDateTime changedAt;

    @Column(name = "person_present", nullable = false)
    public boolean personPresent;

    @Column(name = "previous_name_ciphertext", nullable = false)
    public byte[] previousNameCiphertext;

    @Column(name = "previous_phone_ciphertext")
    public byte[] previousPhoneCiphertext;

    @Column(name = "previous_email_ciphertext")
    public byte[] previousEmailCiphertext;

    @Column(name = "previous_address_ciphertext")
    public byte[] previousAddressCiphertext;

    @Column(name = "new_name_ciphertext", nullable = false)
    public byte[] newNameCiphertext;

    @Column(name = "new_phone_ciphertext")
    public byte[] newPhoneCiphertext;

    @Column(name = "new_email_ciphertext")
    public byte[] newEmailCiphertext;

    @Column(name = "new_address_ciphertext")
    public byte[] newAddressCiphertext;
}

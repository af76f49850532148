package gov.petitions.intake;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * The person behind a petition. Name and phone are stored encrypted (AES-GCM); the masked forms are
 * what screens show. The id is the pseudonymous {@code petitionerRef} that events carry.
 */
@Entity
@Table(name = "petitioner")
public class Petitioner extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "name_ciphertext", nullable = false)
    public byte[] nameCiphertext;

    /** Absent for a group representative who gave no phone. */
    @Column(name = "phone_ciphertext")
    public byte[] phoneCiphertext;

    @Column(name = "id_number_ciphertext")
    public byte[] idNumberCiphertext;

    @Column(name = "address_ciphertext")
    public byte[] addressCiphertext;

    @Column(name = "email_ciphertext")
    public byte[] emailCiphertext;

    @Column(name = "name_masked", nullable = false)
    public String nameMasked;

    @Column(name = "phone_masked")
    public String phoneMasked;

    @Column(name = "id_number_masked")
    public String idNumberMasked;

    @Column(name = "created_at", nullable = false)
    public OffsetDateTime createdAt;

    /** Retired (name + phone); kept for rows written before V3. */
    @Column(name = "identity_index")
    public String identityIndex;

    /** Keyed hash of the resident ID number (see PiiCipher#index): finds the same person again, reveals nothing. */
    @Column(name = "id_number_index")
    public String idNumberIndex;

    /** Keyed hash of the phone digits: recognises a person who gave no ID number. */
    @Column(name = "phone_index")
    public String phoneIndex;
}

package gov.petitions.intake;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * The contact given with one petition, encrypted like {@link Petitioner}'s. Messages about the petition go here:
 * registering a petition never changes the contact stored for a person already known (someone else could have
 * typed in that person's ID number), so each petition answers to whoever filed it.
 */
@Entity
@Table(name = "petition_contact")
public class PetitionContact extends PanacheEntityBase {

    @Id
    @Column(name = "petition_id")
    public UUID petitionId;

    @Column(name = "name_ciphertext", nullable = false)
    public byte[] nameCiphertext;

    @Column(name = "phone_ciphertext")
    public byte[] phoneCiphertext;

    @Column(name = "id_number_ciphertext")
    public byte[] idNumberCiphertext;

    @Column(name = "email_ciphertext")
    public byte[] emailCiphertext;

    @Column(name = "address_ciphertext")
    public byte[] addressCiphertext;

    @Column(name = "created_at", nullable = false)
    public OffsetDateTime createdAt;
}

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

    @Column(name = "phone_ciphertext", nullable = false)
    public byte[] phoneCiphertext;

    @Column(name = "name_masked", nullable = false)
    public String nameMasked;

    @Column(name = "phone_masked", nullable = false)
    public String phoneMasked;

    @Column(name = "created_at", nullable = false)
    public OffsetDateTime createdAt;

    /** HMAC of name + phone (see PiiCipher#identityIndex): finds the same person again, reveals nothing. */
    @Column(name = "identity_index")
    public String identityIndex;
}

package gov.petitions.intake;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.UUID;

/** A petition as registered (登记). The petitioner's identity lives apart, encrypted, in {@link Petitioner}. */
@Entity
@Table(name = "petition")
public class Petition extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "tracking_number", nullable = false, unique = true)
    public String trackingNumber;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Channel channel;

    @Column(name = "category_code", nullable = false)
    public String categoryCode;

    @Column(name = "location_code", nullable = false)
    public String locationCode;

    @Column(nullable = false)
    public String summary;

    public String content;

    @Column(name = "person_count", nullable = false)
    public int personCount;

    @Column(name = "petitioner_id", nullable = false)
    public UUID petitionerId;

    /** SHA-256 of the query code handed to the petitioner; the code itself is never stored. */
    @Column(name = "query_code_hash", nullable = false)
    public String queryCodeHash;

    @Column(name = "registered_by")
    public String registeredBy;

    @Column(name = "registered_at", nullable = false)
    public OffsetDateTime registeredAt;

    /** How many petitions the same petitioner registered before this one (重复信访 when > 0). */
    @Column(name = "prior_petitions", nullable = false)
    public int priorPetitions;

    public static Optional<Petition> findByTrackingNumber(String trackingNumber) {
        return find("trackingNumber", trackingNumber).firstResultOptional();
    }
}

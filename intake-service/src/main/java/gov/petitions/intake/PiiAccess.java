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

/** One read of a petitioner's contact details in clear: who, when, why. Auditors read these. */
@Entity
@Table(name = "pii_access_log")
public class PiiAccess extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "petitioner_id", nullable = false)
    public UUID petitionerId;

    /** The petition the read was for, when the caller says (notification always does). */
    @Column(name = "petition_id")
    public UUID petitionId;

    @Column(name = "accessed_by", nullable = false)
    public String accessedBy;

    @Column(nullable = false)
    public String purpose;

    @Column(name = "accessed_at", nullable = false)
    public OffsetDateTime accessedAt;
}

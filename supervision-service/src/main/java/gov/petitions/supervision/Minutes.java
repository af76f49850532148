package gov.petitions.supervision;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.OffsetDateTime;
import java.util.UUID;

/** The minutes (纪要) of a case a leader received in person, and its dedicated team (专班): one per case. */
@Entity
@Table(name = "minutes")
public class Minutes extends PanacheEntityBase {

    @Id
    @Column(name = "petition_id")
    public UUID petitionId;

    @Column(nullable = false)
    public String leader;

    @Column(nullable = false)
    public String summary;

    /** The units or officials of the dedicated team, joined with 、. */
    @Column(nullable = false)
    public String team;

    @Column(name = "recorded_at", nullable = false)
    public OffsetDateTime recordedAt;
}

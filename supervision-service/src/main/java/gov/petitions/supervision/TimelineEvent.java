package gov.petitions.supervision;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

@Entity
@Table(name = "timeline_event")
public class TimelineEvent extends PanacheEntityBase {

    @Id
    // 50 ids per nextval, so that a poll's inserts wait for the flush and go in batches (migration V23)
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "timeline_event_id")
    @SequenceGenerator(name = "timeline_event_id", sequenceName = "timeline_event_id_seq", allocationSize = 50)
    public Long id;

    @Column(name = "petition_id", nullable = false)
    public UUID petitionId;

    @Column(nullable = false)
    public OffsetDateTime at;

    @Enumerated(EnumType.STRING)
    @Column(name = "from_status")
    public CaseStatus fromStatus;

    @Enumerated(EnumType.STRING)
    @Column(name = "to_status", nullable = false)
    public CaseStatus toStatus;

    @Column(nullable = false)
    public String actor;

    @Column(name = "actor_role", nullable = false)
    public String actorRole;

    @Column(name = "unit_code")
    public String unitCode;

    public String reason;

    /** 1, 2, … within the case: the order of its hash chain (see {@code service.TimelineChain}). */
    public Integer position;

    /** The previous entry's hash (64 zeros for the first), and this entry's: SHA-256 over both, hex. */
    @Column(name = "prev_hash")
    public String prevHash;

    public String hash;

    /** A case's timeline in the order it was written, which is the order of its chain. */
    public static List<TimelineEvent> of(UUID petitionId) {
        return list("petitionId = ?1 order by position, id", petitionId);
    }
}

package gov.petitions.supervision;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * A follow-up date of a dedicated team (专班跟进) set by a leader's minutes: reminded ahead (remindedAt), flagged when it
 * passes unreported (overdueAt), ended by the team's report (doneAt). The reminders are FollowUpScanner's.
 */
@Entity
@Table(name = "follow_up")
public class FollowUp extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "petition_id", nullable = false)
    public UUID petitionId;

    @Column(name = "due_at", nullable = false)
    public OffsetDateTime dueAt;

    @Column(name = "reminded_at")
    public OffsetDateTime remindedAt;

    @Column(name = "overdue_at")
    public OffsetDateTime overdueAt;

    @Column(name = "done_at")
    public OffsetDateTime doneAt;

    @Column(name = "reported_by")
    public String reportedBy;

    public String note;

    public static List<FollowUp> of(UUID petitionId) {
        return list("petitionId = ?1 order by dueAt, id", petitionId);
    }
}

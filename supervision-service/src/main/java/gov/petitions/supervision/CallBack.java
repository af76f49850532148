package gov.petitions.supervision;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * One entry of a case's satisfaction record after a reply: a try of the bureau's call-back (回访), or the petitioner's
 * own online evaluation. Never changed once written.
 */
@Entity
@Table(name = "call_back")
public class CallBack extends PanacheEntityBase {

    public enum Source { CALL_BACK, PETITIONER }

    /** 满意 / 基本满意 / 不满意. */
    public enum Satisfaction { SATISFIED, BASICALLY_SATISFIED, NOT_SATISFIED }

    /**
     * What the entry did to the case: RETRY (not reached, called again at retryAt), UNREACHABLE (the last try),
     * CLOSED (satisfied and resolved: done for good), REOPENED (at the unit that replied), ESCALATED (the second poor
     * outcome at that unit), RECORDED (the petitioner's online evaluation: recorded, the call-back still checks).
     */
    public enum Outcome { RETRY, UNREACHABLE, CLOSED, REOPENED, ESCALATED, RECORDED }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "petition_id", nullable = false)
    public UUID petitionId;

    @Column(name = "reply_at", nullable = false)
    public OffsetDateTime replyAt;

    @Column(name = "unit_code", nullable = false)
    public String unitCode;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Source source;

    @Column(nullable = false)
    public int attempt;

    @Column(nullable = false)
    public boolean reached;

    @Enumerated(EnumType.STRING)
    public Satisfaction satisfaction;

    public Boolean resolved;

    public String comment;

    @Column(name = "retry_at")
    public OffsetDateTime retryAt;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Outcome outcome;

    @Column(name = "recorded_at", nullable = false)
    public OffsetDateTime recordedAt;

    @Column(name = "recorded_by", nullable = false)
    public String recordedBy;

    @Column(name = "recorded_by_role", nullable = false)
    public String recordedByRole;

    public static List<CallBack> of(UUID petitionId) {
        return list("petitionId = ?1 order by recordedAt, id", petitionId);
    }

    /** The bureau's tries for one reply, oldest first. */
    public static List<CallBack> calls(UUID petitionId, OffsetDateTime replyAt) {
        return list("petitionId = ?1 and replyAt = ?2 and source = ?3 order by attempt, id", petitionId, replyAt,
                Source.CALL_BACK);
    }
}

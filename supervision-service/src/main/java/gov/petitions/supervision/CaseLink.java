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
import java.util.Optional;
import java.util.UUID;

/**
 * A member case handled with a lead case (同一事项归并, docs/linked-cases.md): while the link stands, the lead's unit
 * works the matter once and the member follows the lead's steps. Kept when it ends, with who ended it and why.
 */
@Entity
@Table(name = "case_link")
public class CaseLink extends PanacheEntityBase {

    /** Why a link ended: split by a clerk or supervisor, or the member's own path left the matter. */
    public enum Cause { SPLIT, REVIEW_REQUESTED, CALL_BACK, REASSIGNED }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "lead_id", nullable = false)
    public UUID leadId;

    @Column(name = "member_id", nullable = false)
    public UUID memberId;

    @Column(name = "linked_at", nullable = false)
    public OffsetDateTime linkedAt;

    @Column(name = "linked_by", nullable = false)
    public String linkedBy;

    @Column(name = "linked_by_role", nullable = false)
    public String linkedByRole;

    @Column(nullable = false)
    public String reason;

    @Column(name = "unlinked_at")
    public OffsetDateTime unlinkedAt;

    @Column(name = "unlinked_by")
    public String unlinkedBy;

    @Column(name = "unlinked_by_role")
    public String unlinkedByRole;

    @Column(name = "unlink_reason")
    public String unlinkReason;

    @Enumerated(EnumType.STRING)
    @Column(name = "unlink_cause")
    public Cause unlinkCause;

    /** The standing link that makes the case a member, if it is one. */
    public static Optional<CaseLink> ofMember(UUID memberId) {
        return find("memberId = ?1 and unlinkedAt is null", memberId).firstResultOptional();
    }

    /** The standing links of a lead, oldest first. */
    public static List<CaseLink> ofLead(UUID leadId) {
        return list("leadId = ?1 and unlinkedAt is null order by linkedAt, id", leadId);
    }

    public static boolean isLead(UUID petitionId) {
        return count("leadId = ?1 and unlinkedAt is null", petitionId) > 0;
    }
}

package gov.petitions.supervision;

import gov.petitions.platform.security.CaseScope;
import gov.petitions.platform.time.ChinaTime;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.PrePersist;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/** A petition's entry in the ledger (台账): who is responsible, and by when. */
@Entity
@Table(name = "ledger_entry")
public class LedgerEntry extends PanacheEntityBase {

    @Id
    @Column(name = "petition_id")
    public UUID petitionId;

    @Column(name = "tracking_number", nullable = false)
    public String trackingNumber;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public CaseStatus status;

    @Column(name = "unit_code")
    public String unitCode;

    public String level;

    @Column(name = "category_code", nullable = false)
    public String categoryCode;

    @Column(name = "location_code", nullable = false)
    public String locationCode;

    @Column(name = "person_count", nullable = false)
    public int personCount;

    @Column(name = "registered_at", nullable = false)
    public OffsetDateTime registeredAt;

    /**
     * The day the petition reached the bureau, China's date: for a letter the day it was received (收信日期), which
     * may be days before its registration; otherwise the day it was registered. Statistics date petitions by it.
     */
    @Column(name = "received_on", nullable = false)
    public LocalDate receivedOn;

    @Column(name = "assigned_at")
    public OffsetDateTime assignedAt;

    /** The 15-day clock: by then the unit must decide whether it accepts the matter (受理). */
    @Column(name = "acceptance_due_at")
    public OffsetDateTime acceptanceDueAt;

    @Column(name = "handling_due_at")
    public OffsetDateTime handlingDueAt;

    /** How urgent the case is: its acceptance and handling clocks are this level's (UrgencyPolicy). */
    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Urgency urgency = Urgency.NORMAL;

    /** Whether the level is the category's rule ({@code RULE}) or a supervisor's decision ({@code SUPERVISOR}). */
    @Column(name = "urgency_source", nullable = false)
    public String urgencySource = "RULE";

    @Column(name = "assignment_seq", nullable = false)
    public int assignmentSeq;

    @Column(name = "updated_at", nullable = false)
    public OffsetDateTime updatedAt;

    public String channel;

    @Column(name = "extended_days")
    public Integer extendedDays;

    @Column(name = "extension_reason")
    public String extensionReason;

    /** Why a matter was not accepted (不予受理), or why escalation was asked for. */
    @Column(name = "decision_reason")
    public String decisionReason;

    /** The written reply (书面答复) of the unit that handled the matter; a review's answer is kept apart. */
    @Column(name = "reply_text")
    public String replyText;

    /** The unit that gave the written reply: it never answers the review of its own reply. */
    @Column(name = "reply_unit_code")
    public String replyUnitCode;

    /** The review's answer (复查意见) and the unit that gave it. */
    @Column(name = "review_reply_text")
    public String reviewReplyText;

    @Column(name = "review_unit_code")
    public String reviewUnitCode;

    /** The re-review's answer (复核意见), which makes the matter final (终结), and the unit that gave it. */
    @Column(name = "re_review_reply_text")
    public String reReviewReplyText;

    @Column(name = "re_review_unit_code")
    public String reReviewUnitCode;

    /** Why the matter was not accepted (不予受理), by which unit, when: what the petitioner is told in writing. */
    @Column(name = "not_accepted_reason")
    public String notAcceptedReason;

    @Column(name = "not_accepted_unit_code")
    public String notAcceptedUnitCode;

    @Column(name = "not_accepted_at")
    public OffsetDateTime notAcceptedAt;

    /**
     * A review (复查) or re-review (复核) was requested and routing's assignment of it has not arrived: the case has no
     * unit to act on it, so every action is refused until it does.
     */
    @Column(name = "awaiting_assignment", nullable = false)
    public boolean awaitingAssignment;

    @Column(name = "replied_at")
    public OffsetDateTime repliedAt;

    @Column(name = "accepted_at")
    public OffsetDateTime acceptedAt;

    @Column(name = "closed_at")
    public OffsetDateTime closedAt;

    /** The petitioner's evaluation of the latest reply (满意 / 不满意). */
    public Boolean satisfied;

    @Column(name = "evaluation_comment")
    public String evaluationComment;

    @Column(name = "evaluated_at")
    public OffsetDateTime evaluatedAt;

    @Column(name = "review_requested_at")
    public OffsetDateTime reviewRequestedAt;

    @Column(name = "review_replied_at")
    public OffsetDateTime reviewRepliedAt;

    @Column(name = "re_review_requested_at")
    public OffsetDateTime reReviewRequestedAt;

    @Column(name = "re_review_replied_at")
    public OffsetDateTime reReviewRepliedAt;

    /** How often a supervisor urged the unit (督办). */
    @Column(name = "urge_count", nullable = false)
    public int urgeCount;

    /** A provincial leader received it in person: it has minutes and a dedicated team. */
    @Column(name = "leader_case", nullable = false)
    public boolean leaderCase;

    /** A repeat petition (重复信访): the same person with the same matter, as intake recognised it (repeatOf). */
    @Column(name = "is_repeat", nullable = false)
    public boolean repeat;

    @Column(name = "repeat_of")
    public UUID repeatOf;

    /** The leader who received the visitor in person at a public reception session (领导接访), if one did. */
    @Column(name = "received_by_leader")
    public String receivedByLeader;

    /**
     * The units the petition accuses, from petition.registered; null until it has been applied (or for an entry
     * from before they were kept): then the accusation is unknown and the scope checks fail closed on it.
     */
    @Column(name = "accused_unit_codes", columnDefinition = "varchar(64)[]")
    public String[] accusedUnitCodes;

    @Version
    public long version;

    public boolean accusationKnown() {
        return accusedUnitCodes != null;
    }

    /** What a scope check needs of this case. */
    public CaseScope scope() {
        return CaseScope.of(locationCode, unitCode, accusedUnitCodes == null ? List.of() : List.of(accusedUnitCodes));
    }

    /** The latest written answer the petitioner got: the re-review's, else the review's, else the reply. */
    public String latestAnswer() {
        return reReviewReplyText != null ? reReviewReplyText : reviewReplyText != null ? reviewReplyText : replyText;
    }

    @PrePersist
    void receivedOnDefaultsToTheRegistrationDay() {
        if (receivedOn == null && registeredAt != null) {
            receivedOn = ChinaTime.dateInChina(registeredAt);
        }
    }
}

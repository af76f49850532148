package gov.petitions.notification.events;

import gov.petitions.notification.domain.CaseStatus;
import com.fasterxml.jackson.annotation.JsonIgnore;
import gov.petitions.notification.domain.DeadlineClock;
import gov.petitions.notification.domain.Urgency;
import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.time.OffsetDateTime;
import java.util.UUID;

/** notification's views of the case.* events it consumes: what the petitioner and the units are told about. */
public final class CaseEvents {

    private CaseEvents() {
    }

    public record Assigned(@NotNull UUID petitionId, @NotBlank String trackingNumber, @NotBlank String reason,
                           @NotNull @Valid Unit unit, @NotNull OffsetDateTime assignedAt) {
        public static final String TYPE = "gov.petition.case.assigned.v1";

        public record Unit(@NotBlank String code, @NotBlank @Size(max = 200) String name) {
        }
    }

    public record StatusChanged(@NotNull UUID petitionId, @NotBlank String trackingNumber, CaseStatus fromStatus,
                                @NotNull CaseStatus toStatus, @Size(max = 2000) String reason, @NotBlank String actorRole,
                                OffsetDateTime dueAt, @NotNull OffsetDateTime changedAt) {
        public static final String TYPE = "gov.petition.case.status-changed.v1";
    }

    /** case.follow-up-due: a dedicated team's (专班) follow-up date from a leader's minutes is near or passed. */
    public record FollowUpDue(@NotNull UUID petitionId, @NotBlank String trackingNumber,
                              @jakarta.validation.constraints.Min(1) long followUpId,
                              @NotNull Stage stage,
                              @NotNull OffsetDateTime dueAt, @NotBlank String leader, @NotBlank String team,
                              String unitCode, String level) {
        public static final String TYPE = "gov.petition.case.follow-up-due.v1";

        /** Before the follow-up date, or past it unreported. */
        public enum Stage { DUE_SOON, OVERDUE }
    }

    /** case.deadline-warning and case.deadline-breached share this shape. */
    public record Deadline(@NotNull UUID petitionId, @NotBlank String trackingNumber, @NotNull DeadlineClock clock,
                           @NotBlank String unitCode, @NotBlank String level, @NotNull OffsetDateTime dueAt) {
        public static final String WARNING_TYPE = "gov.petition.case.deadline-warning.v1";
        public static final String BREACHED_TYPE = "gov.petition.case.deadline-breached.v1";
    }

    /**
     * case.urgency-changed: a supervisor set the case's urgency (特急 / 急 / 一般) and the clock running at the unit
     * holding it was counted again. The unit and its clock are absent while no unit works the case (not yet assigned,
     * or escalated and waiting for the next unit); {@code reason} is the supervisor's words, masked by the producer.
     */
    public record UrgencyChanged(@NotNull UUID petitionId, @NotBlank String trackingNumber,
                                 @Pattern(regexp = "^[A-Z0-9][A-Z0-9-]{1,63}$") String unitCode, String level,
                                 @NotNull Urgency urgency, @NotNull Urgency previousUrgency,
                                 @NotBlank @Size(max = 500) String reason, DeadlineClock clock, OffsetDateTime dueAt,
                                 @NotNull OffsetDateTime changedAt) {
        public static final String TYPE = "gov.petition.case.urgency-changed.v1";

        /** A clock comes with its due date, and only the unit's own two (the contract's enum) run here. */
        @JsonIgnore
        @AssertTrue(message = "clock (ACCEPTANCE or HANDLING) and dueAt come together")
        public boolean isClockWithItsDueDate() {
            if (clock == null) {
                return dueAt == null;
            }
            return dueAt != null && (clock == DeadlineClock.ACCEPTANCE || clock == DeadlineClock.HANDLING);
        }
    }

    /**
     * case.linked (同一事项归并): the member case {@code petitionId} is now handled with its lead case by the lead's unit.
     * What notification reads of it: the member, and the unit; never the matter's size, the linker or the reason.
     */
    public record Linked(@NotNull UUID petitionId, @NotBlank String trackingNumber, @NotNull UUID leadPetitionId,
                         @NotBlank String leadTrackingNumber,
                         @Pattern(regexp = "^[A-Z0-9][A-Z0-9-]{1,63}$") String unitCode, @NotNull CaseStatus status,
                         @NotNull OffsetDateTime linkedAt) {
        public static final String TYPE = "gov.petition.case.linked.v1";
    }

    /**
     * case.archived (信访档案): a closed case passed its retention period and supervision archived it; notification
     * removes what it holds of the case's petitioner ({@code ArchivedCases}). The archive's own fields are read so that
     * a record breaking the contract is poison, not applied.
     */
    public record Archived(@NotNull UUID petitionId,
                           @NotBlank @Pattern(regexp = "^XF[0-9]{14}([0-9]{3})?$") String trackingNumber,
                           @NotNull OffsetDateTime closedAt,
                           @NotBlank @Pattern(regexp = "^[a-z][a-z0-9-]{0,39}$") String retentionClass,
                           @NotBlank @Pattern(regexp = "^P([0-9]+Y)?([0-9]+M)?([0-9]+D)?$") String retentionPeriod,
                           @NotNull UUID archiveId, @NotBlank @Pattern(regexp = "^[0-9a-f]{64}$") String archiveSha256,
                           @NotNull OffsetDateTime archivedAt) {
        public static final String TYPE = "gov.petition.case.archived.v1";
    }

    /** case.unlinked: the member case {@code petitionId} left its lead's matter and is worked on its own again. */
    public record Unlinked(@NotNull UUID petitionId, @NotBlank String trackingNumber, @NotNull UUID leadPetitionId,
                           @NotNull Cause cause, @Pattern(regexp = "^[A-Z0-9][A-Z0-9-]{1,63}$") String unitCode,
                           @NotNull CaseStatus status, @NotNull OffsetDateTime unlinkedAt) {
        public static final String TYPE = "gov.petition.case.unlinked.v1";

        /** Why the link ended (the contract's cause). */
        public enum Cause { SPLIT, REVIEW_REQUESTED, CALL_BACK, REASSIGNED }
    }
}

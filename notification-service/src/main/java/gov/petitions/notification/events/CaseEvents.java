package gov.petitions.notification.events;

import gov.petitions.notification.domain.CaseStatus;
import gov.petitions.notification.domain.DeadlineClock;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import java.time.OffsetDateTime;
import java.util.UUID;

/** notification's views of case.assigned and case.status-changed: what the petitioner is told about. */
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
}

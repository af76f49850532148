package gov.petitions.notification.messaging;

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

    public record StatusChanged(@NotNull UUID petitionId, @NotBlank String trackingNumber, String fromStatus,
                                @NotBlank String toStatus, @Size(max = 2000) String reason, @NotBlank String actorRole,
                                OffsetDateTime dueAt, @NotNull OffsetDateTime changedAt) {
        public static final String TYPE = "gov.petition.case.status-changed.v1";
    }
}

package gov.petitions.intake.events;

import gov.petitions.intake.search.CaseState;
import jakarta.validation.constraints.NotNull;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * intake's view of supervision's case.status-changed: the state a case entered and when. A state outside the
 * contract's enum makes the record poison (dead-lettered), rather than a state search could never be asked for.
 */
public record CaseStatusChanged(
        @NotNull UUID petitionId,
        @NotNull CaseState toStatus,
        @NotNull OffsetDateTime changedAt) {

    public static final String TYPE = "gov.petition.case.status-changed.v1";
}

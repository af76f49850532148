package gov.petitions.intake.events;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * intake's view of supervision's case.archived (contracts/events/case.archived.v1.schema.json): the case whose personal
 * data intake removes now, and which archive file holds it. Checked as the contract says, so that a malformed event is
 * dead-lettered instead of erasing anything. Consumed, not published: no @EventContract (that names what a service
 * publishes).
 */
public record CaseArchived(
        @NotNull UUID petitionId,
        @NotNull @Pattern(regexp = "^XF[0-9]{14}([0-9]{3})?$") String trackingNumber,
        @NotNull OffsetDateTime closedAt,
        @NotNull @Pattern(regexp = "^[a-z][a-z0-9-]{0,39}$") String retentionClass,
        @NotNull @Pattern(regexp = "^P([0-9]+Y)?([0-9]+M)?([0-9]+D)?$") String retentionPeriod,
        @NotNull UUID archiveId,
        @NotBlank @Pattern(regexp = "^[0-9a-f]{64}$") String archiveSha256,
        @NotNull OffsetDateTime archivedAt) {

    public static final String TYPE = "gov.petition.case.archived.v1";
}

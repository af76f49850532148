package gov.petitions.supervision.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import gov.petitions.platform.outbox.DomainEvent;
import gov.petitions.platform.outbox.EventContract;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * supervision's view of contracts/events/case.linked.v1.schema.json: a case joined a lead case's matter (同一事项归并)
 * and is handled with it. Keyed by the member case, so that it stays in order with the member's own status changes.
 * Who linked it appears by office (role, level, jurisdiction), never by name; no petitioner's data.
 */
@EventContract("case.linked")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CaseLinkedEvent(UUID petitionId, String trackingNumber, UUID leadPetitionId, String leadTrackingNumber,
                              String unitCode, String level, String status, int matterCases, String linkedByRole,
                              String linkedByLevel, String linkedByJurisdiction, String reason, OffsetDateTime linkedAt)
        implements DomainEvent.OfPetition {
}

package gov.petitions.supervision.events;

import gov.petitions.platform.outbox.DomainEvent;
import gov.petitions.platform.outbox.EventContract;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * supervision's view of contracts/events/case.archived.v1.schema.json: a closed case past its retention period was
 * archived ({@code archiveId}, the file's SHA-256) and its personal data removed here; every other service removes
 * what it holds of it. Ids, codes and times only.
 */
@EventContract("case.archived")
public record CaseArchivedEvent(UUID petitionId, String trackingNumber, OffsetDateTime closedAt, String retentionClass,
                                String retentionPeriod, UUID archiveId, String archiveSha256,
                                OffsetDateTime archivedAt) implements DomainEvent.OfPetition {
}

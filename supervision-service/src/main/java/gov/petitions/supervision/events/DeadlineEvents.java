package gov.petitions.supervision.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import gov.petitions.platform.outbox.DomainEvent;
import gov.petitions.platform.outbox.EventContract;

import java.time.OffsetDateTime;
import java.util.UUID;

/** supervision's views of case.deadline-warning, case.deadline-breached and case.escalation-requested. */
public final class DeadlineEvents {

    private DeadlineEvents() {
    }

    @EventContract("case.deadline-warning")
    public record Warning(UUID petitionId, String trackingNumber, String clock, String unitCode, String level,
                          OffsetDateTime dueAt, OffsetDateTime warnedAt) implements DomainEvent.OfPetition {
    }

    @EventContract("case.deadline-breached")
    public record Breached(UUID petitionId, String trackingNumber, String clock, String unitCode, String level,
                           OffsetDateTime dueAt, OffsetDateTime breachedAt) implements DomainEvent.OfPetition {
    }

    @EventContract("case.escalation-requested")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record EscalationRequested(UUID petitionId, String trackingNumber, String reason, String fromUnitCode,
                                      String fromLevel, OffsetDateTime requestedAt, String note)
            implements DomainEvent.OfPetition {
    }
}

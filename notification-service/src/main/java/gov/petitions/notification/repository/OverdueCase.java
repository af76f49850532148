package gov.petitions.notification.repository;

import gov.petitions.notification.domain.DeadlineClock;

import java.time.Instant;

/**
 * A case overdue on one clock (collection {@code overdue_cases}, id "petitionId:CLOCK"), learnt from
 * case.deadline-breached and cleared by the status change that satisfies the clock.
 *
 * @param jurisdiction the city (4 digits) of the responsible unit, whose supervisors' digest lists it
 */
public record OverdueCase(String id, String petitionId, String trackingNumber, String unitCode, String jurisdiction,
                          DeadlineClock clock, Instant dueAt, Instant recordedAt) {

    static String id(String petitionId, DeadlineClock clock) {
        return petitionId + ":" + clock.name();
    }
}

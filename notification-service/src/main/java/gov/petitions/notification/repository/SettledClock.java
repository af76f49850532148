package gov.petitions.notification.repository;

import java.time.Instant;

/**
 * When a case's clock was last satisfied (collection {@code settled_clocks}, id "petitionId:CLOCK", as
 * {@link OverdueCase}): case.deadline-breached and case.status-changed come on two topics, so a breach may be heard
 * after the answer that settled it, and must then not list the case as overdue again. Kept about as long as the
 * topics keep their records, after which no such breach can arrive.
 */
public record SettledClock(String id, Instant settledAt) {
}

package gov.petitions.notification.repository;

import gov.petitions.notification.domain.PrintStatus;
import gov.petitions.platform.security.CaseScope;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A letter in the print queue (collection {@code print_queue}), one per letter message (its id): its text and the
 * masked addressee only, and where its petition is, so that only the clerks of that jurisdiction see it.
 */
public record QueuedLetter(String id, String petitionId, String locationCode, List<String> accusedUnitCodes,
                           String recipientRef, String template, String title, String text, String addresseeMasked,
                           PrintStatus status, Instant queuedAt, Instant printedAt, String printedBy) {

    public QueuedLetter {
        accusedUnitCodes = accusedUnitCodes == null ? List.of() : List.copyOf(accusedUnitCodes);
    }

    /** The scope of its petition, as stored with it; empty if the petition's location was not known when queued. */
    public Optional<CaseScope> scope() {
        return locationCode == null ? Optional.empty() : Optional.of(CaseScope.of(locationCode, null, accusedUnitCodes));
    }
}

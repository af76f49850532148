package gov.petitions.notification.repository;

import gov.petitions.platform.security.CaseScope;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * What notification knows of a petition (collection {@code petitions}): its petitioner's pseudonymous reference and
 * tracking number (from petition.registered), where it is and whom it accuses, the unit that holds it now
 * (case.assigned, with its name; a linked case takes its lead's), and the steps that arrived before its registration. One document, so that one atomic write both
 * parks a step and tells whether the registration is there (and vice versa). Once the case is archived, when
 * ({@code archivedAt}) instead of its petitioner.
 */
public record Petition(String id, String petitionerRef, String trackingNumber, String locationCode, String unitCode,
                       String unitName, List<String> accusedUnitCodes, List<ParkedStep> parked, Instant archivedAt) {

    /** A step (case.assigned or case.status-changed) that overtook its petition's registration, as it arrived. */
    public record ParkedStep(String eventId, String kind, String payload, Instant parkedAt) {
    }

    public Petition {
        accusedUnitCodes = accusedUnitCodes == null ? List.of() : List.copyOf(accusedUnitCodes);
        parked = parked == null ? List.of() : parked.stream()
                .sorted(Comparator.comparing(ParkedStep::parkedAt, Comparator.nullsFirst(Comparator.naturalOrder())))
                .toList();
    }

    /** Nothing known yet (no document). */
    static Petition unknown(String id) {
        return new Petition(id, null, null, null, null, null, List.of(), List.of(), null);
    }

    /**
     * Whether its registration has arrived. An archived case counts as registered, though its petitioner's reference is
     * gone: a step that comes after all is not parked for a registration that will never tell it.
     */
    public boolean isRegistered() {
        return petitionerRef != null || archivedAt != null;
    }

    /**
     * Whether the case was archived (case.archived): its petitioner's reference, the texts of its messages and its
     * letters are removed, and it tells its petitioner nothing any more. Where it is and which unit holds it stay,
     * for scope checks on what is left.
     */
    public boolean isArchived() {
        return archivedAt != null;
    }

    /**
     * What a scope check needs: its location, its unit now and whom it accuses. Empty while its registration (which
     * carries the location) has not arrived, or if it carried none: then only whole-province readers see it.
     */
    public Optional<CaseScope> scope() {
        return locationCode == null ? Optional.empty()
                : Optional.of(CaseScope.of(locationCode, unitCode, accusedUnitCodes));
    }
}

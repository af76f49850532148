package gov.petitions.notification.repository;

import gov.petitions.platform.security.CaseScope;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The petitions notification knows of: who the petitioner is, where the matter is, and the steps parked for it. */
public interface Petitions {

    /**
     * Records a registration, with where the matter is and whom it accuses (null location: unknown).
     *
     * @return the petition as it was before: the steps parked before this write, which the caller now tells
     */
    Petition register(String petitionId, String petitionerRef, String trackingNumber, String locationCode,
                      List<String> accusedUnitCodes);

    /** One registration, as {@link #register} takes it. */
    record Registration(String petitionId, String petitionerRef, String trackingNumber, String locationCode,
                        List<String> accusedUnitCodes) {
    }

    /**
     * Records a poll's registrations with one bulk write, then reads them back with one read.
     *
     * @return each petition as it is after its registration, with the steps parked for it so far (before the write, or
     * since: a step parked in between is seen here and by whoever parked it, and told once all the same, the unique
     * index on messages keeping it to one)
     */
    Map<String, Petition> registerAll(List<Registration> registrations);

    /** The unit that holds the petition now (from case.assigned, in the order of its partition). */
    void assignUnit(String petitionId, String unitCode);

    /**
     * The unit that holds a petition now, with its name as case.assigned gave it (null when the event that moved the
     * case names no unit's name: case.linked, case.unlinked), so that a name never outlives its code.
     */
    record UnitChange(String petitionId, String unitCode, String unitName) {
    }

    /** Empty while its registration has not arrived or carried no location: only whole-province readers see it. */
    Optional<CaseScope> scope(String petitionId);

    /** The petition, once its registration has arrived. */
    Optional<Petition> registered(String petitionId);

    /** Those of the petitions whose registration has arrived, by id: one read for a poll's events. */
    Map<String, Petition> registeredAmong(Collection<String> petitionIds);

    /** The units that hold these petitions now, written in the order given (a poll's case.assigned events). */
    void assignUnits(List<UnitChange> changes);

    /**
     * Parks a step that overtook its petition's registration instead of blocking the partition.
     *
     * @return the petition after parking, its petitioner's reference and whether it is archived only (no location,
     * unit or parked steps): if it is registered, the registration was written first and did not see this step, so
     * the caller tells it (and unparks it)
     */
    Petition park(String petitionId, Petition.ParkedStep step);

    void unpark(String petitionId, Collection<String> eventIds);

    /**
     * The case is archived: its petitioner's reference and the steps parked for it (their payloads) go, when it was
     * archived is kept, and so are where it is, whom it accuses and the unit that held it (the scope of what is left).
     * A case never heard of gets a document of its own, so that a registration replayed later tells no one. Idempotent.
     */
    void archive(String petitionId, Instant archivedAt);
}

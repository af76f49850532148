package gov.petitions.routing;

import gov.petitions.platform.security.CaseScope;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import org.hibernate.FlushMode;
import org.hibernate.jpa.HibernateHints;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** One assignment of a case to a unit (交办); the sequence of them is the case's routing history. */
@Entity
@Table(name = "assignment")
public class Assignment extends PanacheEntityBase {

    public enum Reason { INITIAL, ESCALATION, REVIEW, RE_REVIEW, REASSIGNMENT, RETURNED }

    @Id
    public UUID id;

    @Column(name = "petition_id", nullable = false)
    public UUID petitionId;

    @Column(nullable = false)
    public int sequence;

    @Column(name = "tracking_number", nullable = false)
    public String trackingNumber;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Level level;

    @Column(name = "unit_code", nullable = false)
    public String unitCode;

    @Column(name = "previous_unit_code")
    public String previousUnitCode;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Reason reason;

    public String note;

    @Column(name = "category_code", nullable = false)
    public String categoryCode;

    @Column(name = "location_code", nullable = false)
    public String locationCode;

    @Column(name = "registered_at", nullable = false)
    public OffsetDateTime registeredAt;

    @Column(name = "assigned_at", nullable = false)
    public OffsetDateTime assignedAt;

    /** Comma-separated ids of the provincial leaders covering the case's city, for city and province levels. */
    @Column(name = "covering_leaders")
    public String coveringLeaders;

    /** The unit that sent the case back (退回), once per case. */
    @Column(name = "returned_by")
    public String returnedBy;

    /**
     * The units the petition accuses, the same on every assignment of the case; null when the assignment predates
     * keeping them (the accusation is unknown, and the scope checks fail closed on it).
     */
    @Column(name = "accused_unit_codes", columnDefinition = "varchar(64)[]")
    public String[] accusedUnitCodes;

    public boolean accusationKnown() {
        return accusedUnitCodes != null;
    }

    /** What a scope check needs of the case as it stands with this assignment. */
    public CaseScope scope() {
        return CaseScope.of(locationCode, unitCode, accusedUnitCodes == null ? List.of() : List.of(accusedUnitCodes));
    }

    public static List<Assignment> history(UUID petitionId) {
        return list("petitionId = ?1 order by sequence", petitionId);
    }

    public static Optional<Assignment> current(UUID petitionId) {
        return find("petitionId = ?1 order by sequence desc", petitionId).firstResultOptional();
    }

    /**
     * Whether the petition was routed by a transaction that committed, without writing this transaction's changes
     * first: a poll's new assignments then go to the database together, as one JDBC batch, instead of each being
     * flushed (and every entity of the poll dirty-checked) by this read. The same petition twice in one poll under
     * two event ids is not seen here; the second assignment breaks {@code unique (petition_id, sequence)}, and the
     * inbox applies that poll again record by record, where the first is seen.
     */
    public static boolean routedBefore(UUID petitionId) {
        return find("petitionId = ?1", petitionId).withHint(HibernateHints.HINT_FLUSH_MODE, FlushMode.COMMIT)
                .firstResultOptional().isPresent();
    }
}

package gov.petitions.intake;

import com.fasterxml.jackson.annotation.JsonInclude;
import gov.petitions.platform.security.CaseScope;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** A petition as registered (登记). The petitioner's identity lives apart, encrypted, in {@link Petitioner}. */
@Entity
@Table(name = "petition")
public class Petition extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "tracking_number", nullable = false, unique = true)
    public String trackingNumber;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Channel channel;

    @Column(name = "category_code", nullable = false)
    public String categoryCode;

    @Column(name = "location_code", nullable = false)
    public String locationCode;

    @Column(nullable = false)
    public String summary;

    public String content;

    @Column(name = "person_count", nullable = false)
    public int personCount;

    /** Null once the petition is archived and no petition still open referred to its petitioner (V12). */
    @Column(name = "petitioner_id")
    public UUID petitionerId;

    /**
     * The query code handed to the petitioner, as a keyed hash (QueryCodes#mac); the code itself is never stored.
     */
    @Column(name = "query_code_mac")
    public String queryCodeMac;

    @Column(name = "registered_by")
    public String registeredBy;

    @Column(name = "registered_at", nullable = false)
    public OffsetDateTime registeredAt;

    /** How many petitions the same petitioner registered before this one (重复信访 when > 0). */
    @Column(name = "prior_petitions", nullable = false)
    public int priorPetitions;

    /** The petition this one repeats (重复信访): same person, same matter, within the window; the first of the chain. */
    @Column(name = "repeat_of")
    public UUID repeatOf;

    /** Letters (来信): when the bureau received it and the envelope's postmark. */
    @Column(name = "letter_received_on")
    public LocalDate letterReceivedOn;

    @Column(name = "letter_postmarked_on")
    public LocalDate letterPostmarkedOn;

    /** A leader's instruction (批示) written on the letter or petition. */
    @Column(name = "instruction_leader")
    public String instructionLeader;

    @Column(name = "instruction_text")
    public String instructionText;

    /** The leader who received the visitor in person at a public reception session (领导接访). */
    @Column(name = "received_by_leader")
    public String receivedByLeader;

    @Column(name = "reception_session_id")
    public UUID receptionSessionId;

    /** Persons or units a report or accusation (检举、揭发) is about. */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(columnDefinition = "jsonb")
    public List<Accused> accused;

    /**
     * The recusal set (回避): codes of the accused units, given or resolved from their names, and the county's
     * government when a named unit could not be resolved. Every read of the petition is checked against it.
     */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "accused_unit_codes", columnDefinition = "jsonb")
    public List<String> accusedUnitCodes;

    /** A unit was accused by a name that matched no unit of the directory: someone must check the accusation. */
    @Column(name = "accused_needs_check", nullable = false)
    public boolean accusedNeedsCheck;

    /**
     * One accused. A person's name is never kept here (it is personal data: AccusedPerson, encrypted); a unit's
     * code is the one given, or the one its name resolved to (unitCodeResolved).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Accused(String name, AccusedKind kind, String unitCode, Boolean unitCodeResolved) {
    }

    /**
     * When the case was archived (信访档案) and the petition's personal data removed (PetitionArchiving); null while
     * it is not. The archive file's id and SHA-256 are supervision's, from case.archived.
     */
    @Column(name = "archived_at")
    public OffsetDateTime archivedAt;

    @Column(name = "archive_id")
    public UUID archiveId;

    @Column(name = "archive_sha256")
    public String archiveSha256;

    public boolean archived() {
        return archivedAt != null;
    }

    /** What a scope check needs of this petition: where it is and whom it accuses (intake knows no current unit). */
    public CaseScope scope() {
        return CaseScope.of(locationCode, null, accusedUnitCodes == null ? List.of() : accusedUnitCodes);
    }

    public enum AccusedKind { PERSON, UNIT }

    public static Optional<Petition> findByTrackingNumber(String trackingNumber) {
        return find("trackingNumber", trackingNumber).firstResultOptional();
    }
}

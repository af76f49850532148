package gov.petitions.intake.reception;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * A public reception session (公开接访): a leader receives visitors at a venue on a day, with joint reception
 * desks (联合接谈组) of staff from the departments concerned. Announced (公示) ahead, then opened on the day.
 */
@Entity
@Table(name = "reception_session")
public class ReceptionSession extends PanacheEntityBase {

    public enum Level { PROVINCE, CITY, COUNTY, TOWNSHIP }

    public enum Status { DRAFT, PUBLISHED, OPEN, CLOSED }

    /** One joint reception desk and who staffs it. */
    public record Desk(String name, List<String> staff) {
    }

    @Id
    public UUID id;

    @Column(name = "leader_name", nullable = false)
    public String leaderName;

    @Column(name = "leader_title", nullable = false)
    public String leaderTitle;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Level level;

    @Column(nullable = false)
    public String venue;

    @Column(name = "county_code", nullable = false)
    public String countyCode;

    @Column(name = "session_date", nullable = false)
    public LocalDate sessionDate;

    @Column(name = "starts_at", nullable = false)
    public LocalTime startsAt;

    @Column(name = "ends_at", nullable = false)
    public LocalTime endsAt;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false, columnDefinition = "jsonb")
    public List<Desk> desks;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Status status;

    @Column(name = "created_by", nullable = false)
    public String createdBy;

    @Column(name = "created_at", nullable = false)
    public OffsetDateTime createdAt;

    @Column(name = "published_at")
    public OffsetDateTime publishedAt;

    @Column(name = "opened_at")
    public OffsetDateTime openedAt;

    @Column(name = "closed_at")
    public OffsetDateTime closedAt;

    /** Two clerks closing or opening at once: one wins, the other gets a conflict. */
    @Version
    public int version;
}

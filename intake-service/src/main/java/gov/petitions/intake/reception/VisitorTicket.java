package gov.petitions.intake.reception;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * A numbered ticket a visitor takes on arrival (排队取号). It belongs to the county's queue for a day; a desk
 * calls it, and it ends registered, or carried over to the next morning's queue when the day's sessions close.
 */
@Entity
@Table(name = "visitor_ticket")
public class VisitorTicket extends PanacheEntityBase {

    public enum Status { WAITING, CALLED, REGISTERED, CARRIED_OVER }

    @Id
    public UUID id;

    @Column(name = "county_code", nullable = false)
    public String countyCode;

    @Column(name = "queue_date", nullable = false)
    public LocalDate queueDate;

    @Column(nullable = false)
    public int number;

    /** Carried over from an earlier day: called before the day's own tickets. */
    @Column(name = "carried_over", nullable = false)
    public boolean carriedOver;

    @Column(name = "carried_from")
    public UUID carriedFrom;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Status status;

    /** The session that issued or last called the ticket. */
    @Column(name = "session_id")
    public UUID sessionId;

    public Integer desk;

    @Column(name = "issued_at", nullable = false)
    public OffsetDateTime issuedAt;

    @Column(name = "called_at")
    public OffsetDateTime calledAt;

    @Column(name = "petition_id")
    public UUID petitionId;
}

package gov.petitions.intake.open311;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.OffsetDateTime;
import java.util.UUID;

/** A petition that came in through Open311, and the client that sent it: only that client reads it back. */
@Entity
@Table(name = "open311_request")
public class Open311Request extends PanacheEntityBase {

    @Id
    @Column(name = "petition_id")
    public UUID petitionId;

    public String client;

    public UUID token;

    @Column(name = "tracking_number")
    public String trackingNumber;

    @Column(name = "created_at")
    public OffsetDateTime createdAt;
}

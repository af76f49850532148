package gov.petitions.supervision;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/** A leader's written instruction on a case (批示). */
@Entity
@Table(name = "instruction")
public class Instruction extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "petition_id", nullable = false)
    public UUID petitionId;

    @Column(nullable = false)
    public String leader;

    @Column(nullable = false)
    public String text;

    @Column(name = "given_at", nullable = false)
    public OffsetDateTime givenAt;

    public static List<Instruction> of(UUID petitionId) {
        return list("petitionId = ?1 order by givenAt, id", petitionId);
    }
}

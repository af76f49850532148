package gov.petitions.routing;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** Category → responsible department, and the level where such a case starts. */
@Entity
@jakarta.persistence.Cacheable
@Table(name = "routing_rule")
public class RoutingRule extends PanacheEntityBase {

    @Id
    @Column(name = "category_code")
    public String categoryCode;

    @Column(nullable = false)
    public String department;

    @Enumerated(EnumType.STRING)
    @Column(name = "start_level", nullable = false)
    public Level startLevel;
}

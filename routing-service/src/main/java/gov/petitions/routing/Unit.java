package gov.petitions.routing;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.util.Optional;

/** A responsible unit (责任单位): one department of one division, e.g. 341302-RSJ 埇桥区人力资源和社会保障局. */
@Entity
@jakarta.persistence.Cacheable
@Table(name = "unit")
public class Unit extends PanacheEntityBase {

    public static final String PETITION_BUREAU = "XFJ";

    @Id
    public String code;

    @Column(nullable = false)
    public String name;

    @Column(name = "division_code", nullable = false)
    public String divisionCode;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Level level;

    @Column(nullable = false)
    public String department;

    public static Optional<Unit> of(String divisionCode, String department) {
        return findByIdOptional(divisionCode + "-" + department);
    }
}

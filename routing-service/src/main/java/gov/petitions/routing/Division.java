package gov.petitions.routing;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A node of the jurisdiction tree (行政区划), loaded at start from the province's NBS code files (DivisionLoader). */
@Entity
@jakarta.persistence.Cacheable
@Table(name = "division")
public class Division extends PanacheEntityBase {

    @Id
    public String code;

    @Column(nullable = false)
    public String name;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Level level;

    @Column(name = "parent_code")
    public String parentCode;
}

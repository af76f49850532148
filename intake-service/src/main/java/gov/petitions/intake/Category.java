package gov.petitions.intake;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * An entry of the maintained category catalogue (信访事项分类). The catalogue changes only by migration, and every
 * registration looks its category up, so entries live in Hibernate's second-level cache.
 */
@Entity
@jakarta.persistence.Cacheable
@Table(name = "category")
public class Category extends PanacheEntityBase {

    @Id
    public String code;

    @Column(name = "name_zh", nullable = false)
    public String nameZh;

    @Column(name = "name_en", nullable = false)
    public String nameEn;

    @Column(nullable = false)
    public boolean active;
}

package gov.petitions.routing;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.Table;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** A provincial leader and the cities or fields they cover (包点). */
@Entity
@Table(name = "leader")
public class Leader extends PanacheEntityBase {

    @Id
    public String id;

    @Column(nullable = false)
    public String name;

    @Column(nullable = false)
    public String title;

    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "leader_coverage", joinColumns = @JoinColumn(name = "leader_id"))
    @Column(name = "covers")
    public Set<String> covers = new TreeSet<>();

    /** The leaders covering the city a location lies in. */
    public static List<Leader> covering(String cityCode) {
        return list("select l from Leader l join l.covers c where c = ?1 order by l.id", cityCode);
    }
}

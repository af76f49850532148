package gov.petitions.supervision;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.OffsetDateTime;

/**
 * The audit record of one export of a case list (导出): written before the first case is read, finished once when the
 * file is complete or the transfer broke off (migration V16 refuses any other change).
 */
@Entity
@Table(name = "case_export")
public class CaseExportRecord extends PanacheEntityBase {

    public enum Outcome { STARTED, COMPLETED, FAILED }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "exported_by", nullable = false)
    public String exportedBy;

    @Column(nullable = false)
    public String role;

    @Column(nullable = false)
    public String scope;

    @Column(nullable = false)
    public String format;

    @Column(nullable = false)
    public String filter;

    public String purpose;

    @Column(name = "personal_data", nullable = false)
    public boolean personalData;

    @Column(name = "started_at", nullable = false)
    public OffsetDateTime startedAt;

    @Column(name = "finished_at")
    public OffsetDateTime finishedAt;

    @Column(name = "row_count")
    public Long rowCount;

    @Column(nullable = false)
    public String outcome;
}

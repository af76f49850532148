package gov.petitions.supervision;

import gov.petitions.platform.events.TraceContext;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.PrePersist;
import jakarta.persistence.Table;

import java.time.OffsetDateTime;
import java.util.UUID;

/** A statutory clock running on a case: a row, never an in-memory timer. */
@Entity
@Table(name = "deadline")
public class Deadline extends PanacheEntityBase {

    public enum Clock { ACCEPTANCE, HANDLING, REVIEW, RE_REVIEW }

    @Id
    // 50 ids per nextval, so that a poll's inserts wait for the flush and go in batches (migration V23)
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "deadline_id")
    @SequenceGenerator(name = "deadline_id", sequenceName = "deadline_id_seq", allocationSize = 50)
    public Long id;

    @Column(name = "petition_id", nullable = false)
    public UUID petitionId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Clock clock;

    @Column(name = "unit_code", nullable = false)
    public String unitCode;

    @Column(nullable = false)
    public String level;

    @Column(name = "due_at", nullable = false)
    public OffsetDateTime dueAt;

    @Column(name = "warn_at", nullable = false)
    public OffsetDateTime warnAt;

    @Column(name = "warned_at")
    public OffsetDateTime warnedAt;

    @Column(name = "breached_at")
    public OffsetDateTime breachedAt;

    @Column(name = "stopped_at")
    public OffsetDateTime stoppedAt;

    /**
     * The trace context the clock was started in (the consumer span of the event that assigned the case, or the
     * request that moved it), null with tracing off: the scanner fires the clock's warning and breach in that trace,
     * days later, so that they stay part of the petition's trace (docs/tracing.md).
     */
    @Column(name = "trace_parent")
    public String traceParent;

    @Column(name = "trace_state")
    public String traceState;

    @PrePersist
    void keepTraceContext() {
        TraceContext trace = TraceContext.current();
        if (trace != null && traceParent == null) {
            traceParent = trace.traceParent();
            traceState = trace.traceState();
        }
    }

    /** The trace context the clock was started in, or null. */
    public TraceContext trace() {
        return traceParent == null ? null : new TraceContext(traceParent, traceState);
    }
}

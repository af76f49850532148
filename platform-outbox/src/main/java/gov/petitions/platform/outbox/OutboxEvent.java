package gov.petitions.platform.outbox;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * An event written in the same transaction as the change it reports; the relay publishes it
 * afterwards. {@code position} keeps the order in which the events of one petition were written.
 *
 * <p>Hibernate knows the row by its event id, which the writer assigns, and leaves {@code position} (the table's
 * key, a bigserial) to the database: a key Hibernate had to read back (IDENTITY) would make every event an insert
 * of its own at once, and the transaction's other inserts with it, so that a group of registrations or a consumer's
 * poll could never go to the database as one batch. The database still numbers the rows when they are inserted, in
 * the order they are inserted, which is all the relay's order needs.
 */
@Entity
@Table(name = "outbox_event")
public class OutboxEvent {

    @Id
    @Column(name = "event_id", nullable = false, updatable = false)
    public UUID eventId;

    /** Numbered by the database on insert; read by the relay, never written from here. */
    @Column(insertable = false, updatable = false)
    public Long position;

    @Column(nullable = false)
    public String topic;

    /** The record key: the petition id, so that one petition's events stay in order on one partition. */
    @Column(name = "record_key", nullable = false)
    public String recordKey;

    @Column(name = "event_type", nullable = false)
    public String eventType;

    @Column(nullable = false)
    public String subject;

    @Column(name = "data_schema")
    public String dataSchema;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false, columnDefinition = "jsonb")
    public String payload;

    @Column(name = "occurred_at", nullable = false)
    public OffsetDateTime occurredAt;

    @Column(name = "published_at")
    public OffsetDateTime publishedAt;

    @Column(name = "attempts", nullable = false)
    public int attempts;

    /**
     * The W3C trace context of the transaction that wrote the row (docs/tracing.md), null with tracing off: the relay
     * publishes the event as a child of it, so that the trace goes on from the request that caused the event.
     */
    @Column(name = "trace_parent")
    public String traceParent;

    @Column(name = "trace_state")
    public String traceState;
}

package gov.petitions.intake.search;

import gov.petitions.intake.events.CaseAssigned;
import gov.petitions.intake.events.CaseStatusChanged;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.hibernate.Session;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Search's read model of what other services own (table case_projection, V10): the unit routing last assigned a case
 * to, and the state supervision last recorded. Every write is an upsert guarded by the version the event carries, so
 * applying an event twice, or an older one after a newer one (a redelivery, a rebuild racing the live consumer),
 * changes nothing; and an event for a petition intake does not hold yet is kept, so the order between the topics and
 * petition.registered does not matter.
 *
 * <p>A poll's events of one kind are one statement: the rows come from arrays ({@code unnest}), in the order of their
 * petition ids, so two transactions upserting the same petitions lock them in the same order and cannot deadlock.
 * PostgreSQL refuses to change one row twice in a statement, so of one petition's events in a poll only the one the
 * guard would keep goes in; the others would change nothing after it anyway.
 */
@ApplicationScoped
public class CaseProjection {

    /** An upsert's timestamps travel as text: ISO 8601 with the offset and all digits, which PostgreSQL reads back exactly. */
    private static final DateTimeFormatter TIME = DateTimeFormatter.ISO_OFFSET_DATE_TIME;

    // sequence is routing's count of the case's assignments: the only order that does not depend on two clocks
    private static final String ASSIGNED = """
            insert into case_projection (petition_id, unit_code, unit_sequence, unit_assigned_at, updated_at)
            select u.id, u.unit, u.sequence, u.at, ?
              from unnest(cast(? as uuid[]), cast(? as varchar[]), cast(? as int[]), cast(? as timestamptz[]))
                   as u(id, unit, sequence, at)
             order by u.id
            on conflict (petition_id) do update set unit_code = excluded.unit_code,
                unit_sequence = excluded.unit_sequence, unit_assigned_at = excluded.unit_assigned_at,
                updated_at = excluded.updated_at
            where case_projection.unit_sequence is null
               or case_projection.unit_sequence < excluded.unit_sequence
               or (case_projection.unit_sequence = excluded.unit_sequence
                   and case_projection.unit_assigned_at < excluded.unit_assigned_at)""";

    // one petition's changes share a partition (its id is the key), so of two changes recorded at the same instant the
    // later offset is the later change
    private static final String STATUS_CHANGED = """
            insert into case_projection (petition_id, state, state_changed_at, state_partition, state_offset, updated_at)
            select u.id, u.state, u.at, u.part, u.off, ?
              from unnest(cast(? as uuid[]), cast(? as varchar[]), cast(? as timestamptz[]), cast(? as int[]),
                          cast(? as bigint[])) as u(id, state, at, part, off)
             order by u.id
            on conflict (petition_id) do update set state = excluded.state,
                state_changed_at = excluded.state_changed_at, state_partition = excluded.state_partition,
                state_offset = excluded.state_offset, updated_at = excluded.updated_at
            where case_projection.state_changed_at is null
               or case_projection.state_changed_at < excluded.state_changed_at
               or (case_projection.state_changed_at = excluded.state_changed_at
                   and case_projection.state_partition = excluded.state_partition
                   and case_projection.state_offset < excluded.state_offset)""";

    private final EntityManager entityManager;
    private final Clock clock;

    public CaseProjection(EntityManager entityManager, Clock clock) {
        this.entityManager = entityManager;
        this.clock = clock;
    }

    /** A status change with where its record was: partition and offset order two changes at one instant. */
    public record StatusChange(CaseStatusChanged event, int partition, long offset) {
    }

    /** @return how many petitions' rows changed (not those where this assignment or a later one was applied before) */
    @Transactional(Transactional.TxType.MANDATORY)
    public int assigned(Collection<CaseAssigned> events) {
        Map<UUID, CaseAssigned> latest = latest(events, CaseAssigned::petitionId,
                Comparator.comparingInt(CaseAssigned::sequence).thenComparing(CaseAssigned::assignedAt));
        if (latest.isEmpty()) {
            return 0;
        }
        List<CaseAssigned> rows = List.copyOf(latest.values());
        return upsert(ASSIGNED, connection -> new Object[]{
                array(connection, "text", rows.stream().map(e -> e.petitionId().toString()).toArray()),
                array(connection, "text", rows.stream().map(e -> e.unit().code()).toArray()),
                array(connection, "int4", rows.stream().map(CaseAssigned::sequence).toArray()),
                array(connection, "text", rows.stream().map(e -> TIME.format(e.assignedAt())).toArray())});
    }

    /** @return how many petitions' rows changed */
    @Transactional(Transactional.TxType.MANDATORY)
    public int statusChanged(Collection<StatusChange> changes) {
        Map<UUID, StatusChange> latest = latest(changes, c -> c.event().petitionId(),
                Comparator.comparing((StatusChange c) -> c.event().changedAt())
                        .thenComparingInt(StatusChange::partition).thenComparingLong(StatusChange::offset));
        if (latest.isEmpty()) {
            return 0;
        }
        List<StatusChange> rows = List.copyOf(latest.values());
        return upsert(STATUS_CHANGED, connection -> new Object[]{
                array(connection, "text", rows.stream().map(c -> c.event().petitionId().toString()).toArray()),
                array(connection, "text", rows.stream().map(c -> c.event().toStatus().name()).toArray()),
                array(connection, "text", rows.stream().map(c -> TIME.format(c.event().changedAt())).toArray()),
                array(connection, "int4", rows.stream().map(StatusChange::partition).toArray()),
                array(connection, "int8", rows.stream().map(StatusChange::offset).toArray())});
    }

    /** Of each petition's events, the one the statement's guard would keep. */
    private static <T> Map<UUID, T> latest(Collection<T> events, java.util.function.Function<T, UUID> petition,
                                           Comparator<T> order) {
        Map<UUID, T> latest = new LinkedHashMap<>();
        for (T event : events) {
            latest.merge(petition.apply(event), event, (a, b) -> order.compare(b, a) > 0 ? b : a);
        }
        return latest;
    }

    private interface Arrays {
        Object[] of(Connection connection) throws SQLException;
    }

    private int upsert(String sql, Arrays arrays) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        return entityManager.unwrap(Session.class).doReturningWork(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                statement.setObject(1, now);
                Object[] parameters = arrays.of(connection);
                for (int i = 0; i < parameters.length; i++) {
                    statement.setArray(i + 2, (Array) parameters[i]);
                }
                return statement.executeUpdate();
            }
        });
    }

    private static Array array(Connection connection, String type, Object[] values) throws SQLException {
        return connection.createArrayOf(type, values);
    }
}

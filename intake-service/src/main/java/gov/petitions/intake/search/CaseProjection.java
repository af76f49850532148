package gov.petitions.intake.search;

import gov.petitions.intake.events.CaseAssigned;
import gov.petitions.intake.events.CaseStatusChanged;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.OffsetDateTime;

/**
 * Search's read model of what other services own (table case_projection, V10): the unit routing last assigned a case
 * to, and the state supervision last recorded. Every write is an upsert guarded by the version the event carries, so
 * applying an event twice, or an older one after a newer one (a redelivery, a rebuild racing the live consumer),
 * changes nothing; and an event for a petition intake does not hold yet is kept, so the order between the topics and
 * petition.registered does not matter.
 */
@ApplicationScoped
public class CaseProjection {

    private final EntityManager entityManager;
    private final Clock clock;

    public CaseProjection(EntityManager entityManager, Clock clock) {
        this.entityManager = entityManager;
        this.clock = clock;
    }

    /** @return whether the row changed (false: this assignment or a later one was applied before) */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean assigned(CaseAssigned event) {
        // sequence is routing's count of the case's assignments: the only order that does not depend on two clocks
        return entityManager.createNativeQuery("""
                        insert into case_projection (petition_id, unit_code, unit_sequence, unit_assigned_at,
                            updated_at)
                        values (:id, :unit, :sequence, :at, :now)
                        on conflict (petition_id) do update set unit_code = excluded.unit_code,
                            unit_sequence = excluded.unit_sequence, unit_assigned_at = excluded.unit_assigned_at,
                            updated_at = excluded.updated_at
                        where case_projection.unit_sequence is null
                           or case_projection.unit_sequence < excluded.unit_sequence
                           or (case_projection.unit_sequence = excluded.unit_sequence
                               and case_projection.unit_assigned_at < excluded.unit_assigned_at)""")
                .setParameter("id", event.petitionId())
                .setParameter("unit", event.unit().code())
                .setParameter("sequence", event.sequence())
                .setParameter("at", event.assignedAt())
                .setParameter("now", OffsetDateTime.now(clock))
                .executeUpdate() > 0;
    }

    /**
     * @param partition the record's partition and offset: one petition's changes share a partition (its id is the
     *                  key), so of two changes recorded at the same instant the later offset is the later change
     * @return whether the row changed
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean statusChanged(CaseStatusChanged event, int partition, long offset) {
        return entityManager.createNativeQuery("""
                        insert into case_projection (petition_id, state, state_changed_at, state_partition,
                            state_offset, updated_at)
                        values (:id, :state, :at, :partition, :offset, :now)
                        on conflict (petition_id) do update set state = excluded.state,
                            state_changed_at = excluded.state_changed_at, state_partition = excluded.state_partition,
                            state_offset = excluded.state_offset, updated_at = excluded.updated_at
                        where case_projection.state_changed_at is null
                           or case_projection.state_changed_at < excluded.state_changed_at
                           or (case_projection.state_changed_at = excluded.state_changed_at
                               and case_projection.state_partition = excluded.state_partition
                               and case_projection.state_offset < excluded.state_offset)""")
                .setParameter("id", event.petitionId())
                .setParameter("state", event.toStatus().name())
                .setParameter("at", event.changedAt())
                .setParameter("partition", partition)
                .setParameter("offset", offset)
                .setParameter("now", OffsetDateTime.now(clock))
                .executeUpdate() > 0;
    }
}

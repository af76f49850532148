-- Search by the case's current unit and state (检索, issue #22): a read model of routing's case.assigned and
-- supervision's case.status-changed, which own them. Rebuilt from those topics when lost (docs/registration.md,
-- "Search"), so nothing here is the source of truth of anything.
--
-- Keyed by petition id without a foreign key: an event may come before intake's own petition row is visible (or for
-- a petition this database never held), and is kept so that the order between topics does not matter.
-- Each half carries the version it came from, and an older event never overwrites a newer one:
--   unit:  case.assigned's sequence (1, 2, 3 ... per case, routing's own count), then assignedAt;
--   state: case.status-changed's changedAt, then the record's offset (one petition's events share a partition, since
--          the petition id is the record key), for two changes recorded at the same instant.
create table case_projection (
    petition_id      uuid primary key,
    unit_code        text,
    unit_sequence    integer,
    unit_assigned_at timestamptz,
    state            text,
    state_changed_at timestamptz,
    state_partition  integer,
    state_offset     bigint,
    updated_at       timestamptz not null
);

create index case_projection_unit on case_projection (unit_code);
create index case_projection_state on case_projection (state);

-- The ledger (台账): one entry per petition, its responsible unit and the clocks that run on it
create table ledger_entry (
    petition_id       uuid primary key,
    tracking_number   varchar(16)  not null,
    status            varchar(24)  not null,
    unit_code         varchar(24),
    level             varchar(10),
    category_code     varchar(40)  not null,
    location_code     varchar(12)  not null,
    person_count      integer      not null default 1,
    registered_at     timestamptz  not null,
    assigned_at       timestamptz,
    acceptance_due_at timestamptz,
    handling_due_at   timestamptz,
    assignment_seq    integer      not null default 0,
    updated_at        timestamptz  not null,
    version           bigint       not null default 0
);
create index ledger_unit_status on ledger_entry (unit_code, status);
create index ledger_acceptance_due on ledger_entry (acceptance_due_at) where status = 'ASSIGNED';

-- Every change of a ledger entry: who (role), when, why
create table timeline_event (
    id          bigserial primary key,
    petition_id uuid         not null references ledger_entry (petition_id),
    at          timestamptz  not null,
    from_status varchar(24),
    to_status   varchar(24)  not null,
    actor       varchar(200) not null,
    actor_role  varchar(40)  not null,
    unit_code   varchar(24),
    reason      varchar(2000)
);
create index timeline_petition on timeline_event (petition_id, at);

-- outbox_event and processed_event: platform-outbox's migration (db/outbox/V0_1__outbox_and_inbox.sql)

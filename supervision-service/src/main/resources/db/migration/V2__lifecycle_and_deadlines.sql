alter table ledger_entry add column channel varchar(16);
alter table ledger_entry add column extended_days integer;
alter table ledger_entry add column extension_reason varchar(2000);
alter table ledger_entry add column decision_reason varchar(2000);
alter table ledger_entry add column reply_text text;
alter table ledger_entry add column replied_at timestamptz;
alter table ledger_entry add column accepted_at timestamptz;
alter table ledger_entry add column closed_at timestamptz;
create index ledger_location on ledger_entry (location_code);
create index ledger_registered_at on ledger_entry (registered_at);

-- A running statutory clock. The scanner claims due rows with FOR UPDATE SKIP LOCKED, so with
-- several replicas each warning and each breach fires once; rows survive restarts.
create table deadline (
    id          bigserial primary key,
    petition_id uuid        not null references ledger_entry (petition_id),
    clock       varchar(16) not null check (clock in ('ACCEPTANCE', 'HANDLING', 'REVIEW', 'RE_REVIEW')),
    unit_code   varchar(24) not null,
    level       varchar(10) not null,
    due_at      timestamptz not null,
    warn_at     timestamptz not null,
    warned_at   timestamptz,
    breached_at timestamptz,
    stopped_at  timestamptz
);
create index deadline_to_warn on deadline (warn_at) where stopped_at is null and warned_at is null;
create index deadline_to_breach on deadline (due_at) where stopped_at is null and breached_at is null;
create index deadline_petition on deadline (petition_id);

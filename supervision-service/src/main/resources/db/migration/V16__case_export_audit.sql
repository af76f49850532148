-- Every export of a case list (导出, issue 22): who took which cases out, when, under which filter, for what purpose,
-- with personal data or masked, and how many rows left. The row is written before the first case is read and
-- finished once when the file is complete or the transfer broke off, so an export that failed half-way is on record.
create table case_export (
    id            bigserial    primary key,
    exported_by   varchar(200) not null,
    role          varchar(40)  not null,
    -- the jurisdiction (supervisor, leader) or unit (handler) whose queue was exported
    scope         varchar(80)  not null,
    format        varchar(8)   not null check (format in ('CSV', 'XLSX')),
    -- the queue's filter as the caller gave it (status, overdue, category, level, repeat, leaderReceived)
    filter        varchar(500) not null,
    purpose       varchar(200),
    personal_data boolean      not null,
    started_at    timestamptz  not null,
    finished_at   timestamptz,
    row_count     bigint,
    outcome       varchar(12)  not null check (outcome in ('STARTED', 'COMPLETED', 'FAILED')),
    check (not personal_data or purpose is not null)
);
create index case_export_started on case_export (started_at);

-- The record is evidence of who took personal data out: a row is finished once (STARTED → COMPLETED or FAILED) and
-- never changed or removed afterwards.
create function case_export_append_only() returns trigger language plpgsql as $$
begin
    if tg_op = 'UPDATE' then
        if old.outcome = 'STARTED' and new.id = old.id and new.exported_by = old.exported_by
                and new.started_at = old.started_at and new.filter = old.filter
                and new.personal_data = old.personal_data then
            return new;
        end if;
    end if;
    raise exception 'case_export is append-only: % refused', tg_op;
end
$$;
create trigger case_export_append_only before update or delete on case_export
    for each row execute function case_export_append_only();
create trigger case_export_no_truncate before truncate on case_export
    for each statement execute function case_export_append_only();

-- A leader's written instruction on a case (批示)
create table instruction (
    id          bigserial primary key,
    petition_id uuid          not null references ledger_entry (petition_id),
    leader      varchar(200)  not null,
    text        varchar(4000) not null,
    given_at    timestamptz   not null
);
create index instruction_petition on instruction (petition_id);

-- Minutes (纪要) of a case a provincial leader received in person, its dedicated team (专班) and follow-ups
create table minutes (
    petition_id  uuid primary key references ledger_entry (petition_id),
    leader       varchar(200)  not null,
    summary      varchar(8000) not null,
    team         varchar(2000) not null,
    recorded_at  timestamptz   not null
);

create table follow_up (
    id           bigserial primary key,
    petition_id  uuid         not null references ledger_entry (petition_id),
    due_at       timestamptz  not null,
    done_at      timestamptz,
    note         varchar(2000)
);
create index follow_up_petition on follow_up (petition_id, due_at);

alter table ledger_entry add column urge_count integer not null default 0;
alter table ledger_entry add column leader_case boolean not null default false;

-- Retention and archiving (信访档案, issue 22, docs/archiving.md): a closed case past its retention period is written to a
-- self-contained archive file, then its personal data is removed here and (case.archived) in every other service.

-- The archive of a case, recorded in the transaction that anonymises it: a case has at most one.
create table archive_record (
    petition_id      uuid         primary key references ledger_entry (petition_id),
    archive_id       uuid         not null unique,
    sha256           char(64)     not null,
    path             varchar(500) not null,
    size_bytes       bigint       not null,
    retention_class  varchar(40)  not null,
    retention_period varchar(20)  not null,
    closed_at        timestamptz  not null,
    archived_at      timestamptz  not null,
    run_id           uuid         not null
);

-- Each download of an archive or its manifest: who took a case's file out, when.
create table archive_download (
    id            bigserial    primary key,
    petition_id   uuid         not null,
    archive_id    uuid         not null,
    what          varchar(12)  not null check (what in ('ARCHIVE', 'MANIFEST')),
    downloaded_by varchar(200) not null,
    role          varchar(40)  not null,
    at            timestamptz  not null
);
create index archive_download_petition on archive_download (petition_id, at);

-- A case's timeline whose texts were removed after archiving: positions 1..through_position no longer hash to their
-- stored hash (the archive with this SHA-256 holds them as they were); their links and anchored heads still hold.
create table timeline_redaction (
    petition_id      uuid        primary key references archive_record (petition_id),
    through_position integer     not null,
    archive_sha256   char(64)    not null,
    redacted_at      timestamptz not null
);
create trigger timeline_redaction_append_only before update or delete on timeline_redaction
    for each row execute function timeline_append_only();

-- A run of the retention job (dry or not) and what it selected; one item per case, each archived in its own transaction.
-- A run whose process died leaves PENDING items: the next run finishes them.
create table retention_run (
    id             uuid         primary key,
    dry_run        boolean      not null,
    triggered_by   varchar(200) not null,
    triggered_role varchar(40)  not null,
    started_at     timestamptz  not null,
    finished_at    timestamptz,
    total          integer      not null default 0,
    archived       integer      not null default 0,
    failed         integer      not null default 0,
    skipped        integer      not null default 0
);
create index retention_run_started on retention_run (started_at desc);

create table retention_item (
    run_id           uuid         not null references retention_run (id),
    petition_id      uuid         not null,
    tracking_number  varchar(24)  not null,
    closed_at        timestamptz  not null,
    retention_class  varchar(40)  not null,
    retention_period varchar(20)  not null,
    due_at           timestamptz  not null,
    state            varchar(16)  not null check (state in ('PENDING', 'ARCHIVED', 'FAILED', 'SKIPPED', 'WOULD_ARCHIVE')),
    reason           varchar(500),
    attempts         integer      not null default 0,
    updated_at       timestamptz  not null,
    primary key (run_id, petition_id)
);
create index retention_item_pending on retention_item (petition_id) where state = 'PENDING';

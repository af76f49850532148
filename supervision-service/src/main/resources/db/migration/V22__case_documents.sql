-- Documents of a case (材料, issue #21; docs/case-documents.md): evidence a handler attaches to a reply, the scanned
-- written decision (处理意见书), photos and on-site records staff attach. As intake's materials: nothing is served
-- before ClamAV has scanned it — PENDING until clamd has answered, then CLEAN (downloadable) or INFECTED (quarantined:
-- kept for the record, never served).
create table case_document (
    id               uuid          primary key,
    petition_id      uuid          not null references ledger_entry (petition_id),
    kind             varchar(16)   not null check (kind in ('EVIDENCE', 'DECISION_SCAN', 'OTHER')),
    -- the written decision the document supports, named by the status the case reached with it (as
    -- GET /cases/{id}/written-decision names it); null when it supports none in particular
    supports         varchar(20)   check (supports in ('REPLIED', 'REVIEW_REPLIED', 'RE_REVIEW_REPLIED', 'FINAL', 'NOT_ACCEPTED')),
    file_name        varchar(200)  not null,
    content_type     varchar(40)   not null check (content_type in ('application/pdf', 'image/jpeg', 'image/png', 'image/tiff')),
    size_bytes       bigint        not null check (size_bytes > 0),
    sha256           char(64)      not null,
    state            varchar(10)   not null check (state in ('PENDING', 'CLEAN', 'INFECTED')),
    -- the signature clamd named (e.g. Eicar-Test-Signature), for INFECTED only
    signature        varchar(200),
    -- who attached it: the token's subject, the role they acted in, and their unit (a handler) or jurisdiction (staff)
    uploaded_by      varchar(200)  not null,
    uploaded_by_role varchar(40)   not null,
    uploaded_by_unit varchar(40),
    uploaded_at      timestamptz   not null,
    scanned_at       timestamptz,
    scan_attempts    integer       not null default 0,
    check ((state = 'INFECTED') = (signature is not null))
);
create index case_document_case on case_document (petition_id, uploaded_at);
-- the scheduled rescan looks only at what waits
create index case_document_pending on case_document (uploaded_at) where state = 'PENDING';

-- the bytes, in chunks of at most 256 KiB (platform-support's ChunkedFiles): never a whole file in memory
create table case_document_chunk (
    document_id uuid    not null references case_document (id),
    seq         integer not null,
    data        bytea   not null,
    primary key (document_id, seq)
);

-- every download: who, in which roles and unit, when
create table case_document_download (
    id            bigserial    primary key,
    document_id   uuid         not null references case_document (id),
    petition_id   uuid         not null,
    subject       varchar(200) not null,
    roles         varchar(200) not null,
    unit          varchar(40),
    downloaded_at timestamptz  not null
);
create index case_document_download_document on case_document_download (document_id, downloaded_at);

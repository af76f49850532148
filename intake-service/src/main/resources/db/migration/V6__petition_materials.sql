-- Materials (材料) of a petition: the scanned letter and its envelope, photos, documents (docs/registration.md
-- "Materials (材料) and malware scanning"). Nothing is served before ClamAV has scanned it: PENDING until clamd has
-- answered, then CLEAN (downloadable) or INFECTED (quarantined: kept for the record, never served).
create table petition_material (
    id               uuid         primary key,
    petition_id      uuid         not null references petition (id),
    file_name        varchar(200) not null,
    content_type     varchar(40)  not null check (content_type in ('application/pdf', 'image/jpeg', 'image/png', 'image/tiff')),
    size_bytes       bigint       not null check (size_bytes > 0),
    sha256           char(64)     not null,
    state            varchar(10)  not null check (state in ('PENDING', 'CLEAN', 'INFECTED')),
    -- the signature clamd named (e.g. Eicar-Test-Signature), for INFECTED only
    signature        varchar(200),
    -- CLERK (the subject of the clerk's token) or PETITIONER (online, by tracking number and query code)
    uploaded_by_kind varchar(10)  not null check (uploaded_by_kind in ('CLERK', 'PETITIONER')),
    uploaded_by      varchar(200) not null,
    uploaded_at      timestamptz  not null,
    scanned_at       timestamptz,
    scan_attempts    integer      not null default 0
);
create index petition_material_petition on petition_material (petition_id, uploaded_at);
-- the scheduled rescan looks only at what waits
create index petition_material_pending on petition_material (uploaded_at) where state = 'PENDING';

-- the bytes, in chunks of at most 256 KiB: written and read one chunk at a time, never a whole file in memory
create table petition_material_chunk (
    material_id uuid    not null references petition_material (id),
    seq         integer not null,
    data        bytea   not null,
    primary key (material_id, seq)
);

-- every download: who, in which role, when
create table petition_material_download (
    id            bigserial    primary key,
    material_id   uuid         not null references petition_material (id),
    petition_id   uuid         not null,
    subject       varchar(200) not null,
    roles         varchar(200) not null,
    downloaded_at timestamptz  not null
);
create index petition_material_download_material on petition_material_download (material_id, downloaded_at);

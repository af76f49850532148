-- Petitioners: an ID number and address (both encrypted), and two keyed indexes to recognise the same
-- person again: by resident ID number when given, else by phone. identity_index (name + phone) retires.
alter table petitioner add column id_number_ciphertext bytea;
alter table petitioner add column id_number_masked varchar(18);
alter table petitioner add column address_ciphertext bytea;
alter table petitioner add column email_ciphertext bytea;
alter table petitioner add column id_number_index varchar(64);
alter table petitioner add column phone_index varchar(64);
alter table petitioner alter column phone_ciphertext drop not null;
alter table petitioner alter column phone_masked drop not null;
create index petitioner_id_number_index on petitioner (id_number_index);
create index petitioner_phone_index on petitioner (phone_index);

-- Letters (来信), leader instructions (批示), group petitions (集体访), accused (检举揭发), sessions, repeats
alter table petition add column letter_received_on date;
alter table petition add column letter_postmarked_on date;
alter table petition add column instruction_leader varchar(100);
alter table petition add column instruction_text varchar(2000);
alter table petition add column received_by_leader varchar(100);
alter table petition add column reception_session_id uuid;
alter table petition add column accused jsonb;
alter table petition add column repeat_of uuid references petition (id);
create index petition_petitioner on petition (petitioner_id, registered_at);

-- up to five representatives of a group petition, each a petitioner row (so their identity is encrypted,
-- rotated and recognised like any petitioner's)
create table petition_representative (
    petition_id   uuid     not null references petition (id),
    ordinal       smallint not null check (ordinal between 1 and 5),
    petitioner_id uuid     not null references petitioner (id),
    primary key (petition_id, ordinal)
);

-- the audit of contact reads names the petition the read was for
alter table pii_access_log add column petition_id uuid;

-- Idempotency-Key: one row per (caller scope, key); the response is replayed to a retry
create table idempotency_record (
    scope         varchar(200) not null,
    idem_key      varchar(100) not null,
    request_hash  varchar(64)  not null,
    status        integer,
    location      varchar(500),
    response      jsonb,
    created_at    timestamptz  not null,
    primary key (scope, idem_key)
);
create index idempotency_record_created on idempotency_record (created_at);

-- Public reception sessions (公开接访)
create table reception_session (
    id            uuid primary key,
    leader_name   varchar(100) not null,
    leader_title  varchar(100) not null,
    level         varchar(16)  not null,
    venue         varchar(200) not null,
    county_code   varchar(6)   not null,
    session_date  date         not null,
    starts_at     time         not null,
    ends_at       time         not null,
    desks         jsonb        not null,
    status        varchar(16)  not null,
    created_by    varchar(200) not null,
    created_at    timestamptz  not null,
    published_at  timestamptz,
    opened_at     timestamptz,
    closed_at     timestamptz,
    version       integer      not null default 0
);
create index reception_session_upcoming on reception_session (session_date) where status in ('PUBLISHED', 'OPEN');

-- The visitor queue of a county for a day (有访必接): numbered tickets; what a closing session leaves
-- waiting moves to the next morning's queue of the same county, at its front
create table visitor_queue (
    county_code varchar(6) not null,
    queue_date  date       not null,
    last_number integer    not null default 0,
    primary key (county_code, queue_date)
);

create table visitor_ticket (
    id            uuid primary key,
    county_code   varchar(6)  not null,
    queue_date    date        not null,
    number        integer     not null,
    carried_over  boolean     not null default false,
    carried_from  uuid references visitor_ticket (id),
    status        varchar(16) not null,
    session_id    uuid        references reception_session (id),
    desk          integer,
    issued_at     timestamptz not null,
    called_at     timestamptz,
    petition_id   uuid        references petition (id),
    unique (county_code, queue_date, number)
);
create index visitor_ticket_waiting on visitor_ticket (county_code, queue_date) where status = 'WAITING';

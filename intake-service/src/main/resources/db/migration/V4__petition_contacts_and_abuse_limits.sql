-- The contact given with each petition (encrypted like the petitioner's): messages about a petition go here, so a
-- petition filed in someone else's name never redirects that person's messages.
create table petition_contact (
    petition_id          uuid primary key references petition (id),
    name_ciphertext      bytea       not null,
    phone_ciphertext     bytea,
    id_number_ciphertext bytea,
    email_ciphertext     bytea,
    address_ciphertext   bytea,
    created_at           timestamptz not null
);

-- Every change of a person's stored contact, made by a clerk with the person present: kept, never overwritten.
create table petitioner_contact_change (
    id                          bigserial primary key,
    petitioner_id               uuid         not null references petitioner (id),
    petition_id                 uuid references petition (id),
    changed_by                  varchar(200) not null,
    changed_at                  timestamptz  not null,
    person_present              boolean      not null check (person_present),
    previous_name_ciphertext    bytea        not null,
    previous_phone_ciphertext   bytea,
    previous_email_ciphertext   bytea,
    previous_address_ciphertext bytea,
    new_name_ciphertext         bytea        not null,
    new_phone_ciphertext        bytea,
    new_email_ciphertext        bytea,
    new_address_ciphertext      bytea
);
create index petitioner_contact_change_petitioner on petitioner_contact_change (petitioner_id, changed_at);

-- Query codes under a keyed hash: HMAC-SHA256(key, SHA-256 of the code). Rows written before keep their plain
-- SHA-256 until the rewrap job moves them (QueryCodes#rewrapLegacyHashes), which then clears query_code_hash.
alter table petition add column query_code_mac varchar(64);
alter table petition alter column query_code_hash drop not null;

-- Wrong query codes per petition, and the lock with backoff that follows them
create table query_code_lockout (
    petition_id  uuid primary key references petition (id),
    failures     integer not null,
    lockouts     integer not null default 0,
    locked_until timestamptz
);

-- Online submissions per phone number (its keyed index) per China day: each one sends an SMS
create table online_submission_count (
    phone_index varchar(64) not null,
    day         date        not null,
    submissions integer     not null,
    primary key (phone_index, day)
);

-- room for longer tracking-number suffixes (intake.tracking-number.suffix-digits)
alter table petition alter column tracking_number type varchar(24);

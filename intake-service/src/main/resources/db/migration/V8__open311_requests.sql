-- Open311 GeoReport v2: which client submitted which petition (a client reads only its own requests back), the token
-- GeoReport clients may poll, and each client's daily count of new requests (its allowance).
create table open311_request (
    petition_id     uuid         primary key references petition (id),
    client          varchar(64)  not null,
    token           uuid         not null unique,
    tracking_number varchar(32)  not null unique,
    created_at      timestamptz  not null
);
create index open311_request_client_created on open311_request (client, created_at desc);

create table open311_client_day (
    client      varchar(64) not null,
    day         date        not null,
    submissions int         not null,
    primary key (client, day)
);

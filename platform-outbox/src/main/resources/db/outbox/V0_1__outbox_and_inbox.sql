-- platform-outbox's tables, shipped once in its jar: every service that uses platform-outbox lists this location
-- (quarkus.flyway.locations=db/migration,db/outbox), and Flyway runs it before the service's own V1.

-- transactional outbox: written with the change (Outbox.record), published by the relay (OutboxRelay)
create table outbox_event (
    position     bigserial primary key,
    event_id     uuid         not null unique,
    topic        varchar(200) not null,
    record_key   varchar(200) not null,
    event_type   varchar(200) not null,
    subject      varchar(200) not null,
    data_schema  varchar(300),
    payload      jsonb        not null,
    occurred_at  timestamptz  not null,
    published_at timestamptz,
    attempts     integer      not null default 0
);
create index outbox_event_unpublished on outbox_event (position) where published_at is null;

-- idempotent inbox (IdempotentConsumer): one row per event a consumer has applied
create table processed_event (
    event_id     uuid         not null,
    consumer     varchar(100) not null,
    processed_at timestamptz  not null,
    primary key (event_id, consumer)
);

-- The trace context of the transaction that wrote an outbox row (docs/tracing.md): W3C traceparent (55 characters)
-- and tracestate, null when tracing is off. The relay publishes the row's event as a child of it, so that one
-- petition's trace goes on from the request, through the relay, to the consumers.
--
-- Repeatable and idempotent rather than a versioned V0_2: every service lists db/outbox before its own migrations,
-- and a database whose own migrations are past V0_2 would refuse a V0_2 it has not applied (Flyway's validation,
-- out-of-order off); a repeatable migration runs after the versioned ones, on new and existing databases alike.
alter table outbox_event add column if not exists trace_parent varchar(55);
alter table outbox_event add column if not exists trace_state varchar(512);

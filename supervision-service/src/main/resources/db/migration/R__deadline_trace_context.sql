-- The trace context a statutory clock was started in (docs/tracing.md): the deadline scanner fires the clock's
-- warning and breach in that trace, so that they stay part of the petition's trace. Null with tracing off.
-- Repeatable and idempotent, like platform-outbox's R__outbox_trace_context.sql: it needs no version number of its own
-- beside the ones this service's other changes take.
alter table deadline add column if not exists trace_parent varchar(55);
alter table deadline add column if not exists trace_state varchar(512);

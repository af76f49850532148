-- Urgency levels (特急 / 急 / 一般) with their own acceptance and handling clocks inside the statutory ones
-- (docs/urgency.md). Every case in the ledger so far ran on the statutory clocks, which are NORMAL's by default.
alter table ledger_entry add column urgency varchar(16) not null default 'NORMAL'
    check (urgency in ('URGENT_SPECIAL', 'URGENT', 'NORMAL'));
-- RULE: the category's rule when the case entered the ledger; SUPERVISOR: a supervisor set it (the timeline says who
-- and why)
alter table ledger_entry add column urgency_source varchar(16) not null default 'RULE'
    check (urgency_source in ('RULE', 'SUPERVISOR'));

-- Statistics by month and year at a million ledger entries (issue 20): a month's volume or a year's performance scanned
-- every ledger row of the window (a province's year: some 330,000 rows, 1 s). ledger_month keeps, per month of
-- received_on × place × channel × category, the counts those figures are made of, so a year reads a few thousand rows.
-- A trigger on ledger_entry keeps it, in the same transaction as every ledger write whatever path writes (consumers,
-- REST actions, SQL fixes): the figures cannot drift from the ledger. Each figure is exactly a FILTER of the scan that
-- Statistics still uses for a day (a NULL condition counts as not met). The time-dependent backlog (open past its
-- running deadline *now*) cannot be kept; it is counted live from the pending cases (ledger_pending_received below).
create table ledger_month (
    month            date        not null,
    location_code    varchar(12) not null,
    -- '' for a petition without a channel (ledger_entry.channel is null): part of the primary key
    channel          varchar(16) not null,
    category_code    varchar(40) not null,
    batches          bigint      not null default 0,
    persons          bigint      not null default 0,
    repeats          bigint      not null default 0,
    decided_in_time  bigint      not null default 0,
    accepted         bigint      not null default 0,
    accepted_replied bigint      not null default 0,
    evaluated        bigint      not null default 0,
    satisfied        bigint      not null default 0,
    replied_in_time  bigint      not null default 0,
    replied_with_due bigint      not null default 0,
    replied_late     bigint      not null default 0,
    primary key (month, location_code, channel, category_code)
);

-- One ledger entry's contribution: its key and a 0 or 1 (persons: its person count) per figure.
create function ledger_month_of(e ledger_entry) returns ledger_month language sql immutable as $$
    select e.received_on - (extract(day from e.received_on)::int - 1), e.location_code, coalesce(e.channel, ''),
        e.category_code, 1::bigint, e.person_count::bigint, coalesce(e.is_repeat, false)::int::bigint,
        coalesce((e.accepted_at is not null and e.accepted_at <= e.acceptance_due_at)
            or (e.status = 'NOT_ACCEPTED' and e.closed_at <= e.acceptance_due_at), false)::int::bigint,
        (e.accepted_at is not null)::int::bigint,
        (e.accepted_at is not null and e.replied_at is not null)::int::bigint,
        (e.satisfied is not null)::int::bigint,
        coalesce(e.satisfied, false)::int::bigint,
        coalesce(e.replied_at is not null and e.handling_due_at is not null
            and e.replied_at <= e.handling_due_at, false)::int::bigint,
        (e.replied_at is not null and e.handling_due_at is not null)::int::bigint,
        coalesce(e.replied_at is not null and e.handling_due_at is not null
            and e.replied_at > e.handling_due_at, false)::int::bigint
$$;

-- The same contribution taken away (a deleted entry, or the old version of an updated one).
create function ledger_month_neg(d ledger_month) returns ledger_month language sql immutable as $$
    select d.month, d.location_code, d.channel, d.category_code, -d.batches, -d.persons, -d.repeats,
        -d.decided_in_time, -d.accepted, -d.accepted_replied, -d.evaluated, -d.satisfied, -d.replied_in_time,
        -d.replied_with_due, -d.replied_late
$$;

-- Adds contributions, summed per key first: one upsert per key a statement touches, however many rows it wrote, and
-- none where they cancel out (an update that changes no figure). Per row instead, a statement writing many entries of
-- one month and place updated the same ledger_month row once per entry, each a new version the next had to walk past
-- within the transaction: 100,000 rows took minutes.
create function ledger_month_add_all(ds ledger_month[]) returns void language sql as $$
    insert into ledger_month
    select d.month, d.location_code, d.channel, d.category_code, sum(d.batches), sum(d.persons), sum(d.repeats),
        sum(d.decided_in_time), sum(d.accepted), sum(d.accepted_replied), sum(d.evaluated), sum(d.satisfied),
        sum(d.replied_in_time), sum(d.replied_with_due), sum(d.replied_late)
    from unnest(ds) d
    group by d.month, d.location_code, d.channel, d.category_code
    having sum(d.batches) <> 0 or sum(d.persons) <> 0 or sum(d.repeats) <> 0 or sum(d.decided_in_time) <> 0
        or sum(d.accepted) <> 0 or sum(d.accepted_replied) <> 0 or sum(d.evaluated) <> 0 or sum(d.satisfied) <> 0
        or sum(d.replied_in_time) <> 0 or sum(d.replied_with_due) <> 0 or sum(d.replied_late) <> 0
    on conflict (month, location_code, channel, category_code) do update set
        batches = ledger_month.batches + excluded.batches,
        persons = ledger_month.persons + excluded.persons,
        repeats = ledger_month.repeats + excluded.repeats,
        decided_in_time = ledger_month.decided_in_time + excluded.decided_in_time,
        accepted = ledger_month.accepted + excluded.accepted,
        accepted_replied = ledger_month.accepted_replied + excluded.accepted_replied,
        evaluated = ledger_month.evaluated + excluded.evaluated,
        satisfied = ledger_month.satisfied + excluded.satisfied,
        replied_in_time = ledger_month.replied_in_time + excluded.replied_in_time,
        replied_with_due = ledger_month.replied_with_due + excluded.replied_with_due,
        replied_late = ledger_month.replied_late + excluded.replied_late
$$;

-- Statement triggers with the statement's rows (transition tables): an insert adds the new rows' contributions, a
-- delete takes the old rows' away, an update does both, so that an update changing no figure writes nothing and one
-- moving an entry to another month, place, channel or category moves its counts.
create function ledger_month_inserted() returns trigger language plpgsql as $$
begin
    perform ledger_month_add_all(array(select ledger_month_of(n) from new_rows n));
    return null;
end
$$;

create function ledger_month_deleted() returns trigger language plpgsql as $$
begin
    perform ledger_month_add_all(array(select ledger_month_neg(ledger_month_of(o)) from old_rows o));
    return null;
end
$$;

create function ledger_month_updated() returns trigger language plpgsql as $$
begin
    perform ledger_month_add_all(array(select ledger_month_of(n) from new_rows n
                                       union all
                                       select ledger_month_neg(ledger_month_of(o)) from old_rows o));
    return null;
end
$$;

-- Creating the triggers locks out ledger writers until this migration commits, so the backfill below reads every row
-- and no write falls between the two.
create trigger ledger_month_inserted after insert on ledger_entry referencing new table as new_rows
    for each statement execute function ledger_month_inserted();
create trigger ledger_month_updated after update on ledger_entry referencing old table as old_rows new table as new_rows
    for each statement execute function ledger_month_updated();
create trigger ledger_month_deleted after delete on ledger_entry referencing old table as old_rows
    for each statement execute function ledger_month_deleted();

-- TRUNCATE fires neither: empty the figures with the ledger.
create function ledger_month_truncate() returns trigger language plpgsql as $$
begin
    delete from ledger_month;
    return null;
end
$$;
create trigger ledger_month_truncate after truncate on ledger_entry
    for each statement execute function ledger_month_truncate();

insert into ledger_month
select s.month, s.location_code, s.channel, s.category_code, sum(s.batches), sum(s.persons), sum(s.repeats),
    sum(s.decided_in_time), sum(s.accepted), sum(s.accepted_replied), sum(s.evaluated), sum(s.satisfied),
    sum(s.replied_in_time), sum(s.replied_with_due), sum(s.replied_late)
from ledger_entry e, lateral ledger_month_of(e) s
group by s.month, s.location_code, s.channel, s.category_code;

-- The backlog of a window (open or review requested, running deadline before now) is counted live: this partial index
-- holds only the pending cases (a few per cent of the ledger) with what the count filters on, so the count reads the
-- window's pending cases from the index alone.
create index ledger_pending_received on ledger_entry (received_on)
    include (location_code, status, acceptance_due_at, handling_due_at)
    where status in ('ASSIGNED', 'ACCEPTED', 'EXTENDED', 'REVIEW_REQUESTED', 'RE_REVIEW_REQUESTED');

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

create function ledger_month_add(d ledger_month) returns void language sql as $$
    insert into ledger_month values (d.*)
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

-- new - old, figure by figure (the key is new's)
create function ledger_month_minus(n ledger_month, o ledger_month) returns ledger_month language sql immutable as $$
    select n.month, n.location_code, n.channel, n.category_code, n.batches - o.batches, n.persons - o.persons,
        n.repeats - o.repeats, n.decided_in_time - o.decided_in_time, n.accepted - o.accepted,
        n.accepted_replied - o.accepted_replied, n.evaluated - o.evaluated, n.satisfied - o.satisfied,
        n.replied_in_time - o.replied_in_time, n.replied_with_due - o.replied_with_due, n.replied_late - o.replied_late
$$;

-- Most updates (urging, versions, texts, assignment) change no figure: they cost two function calls and no write.
-- A changed update that keeps its key is one upsert of the difference; one that moves its month, place, channel or
-- category is two (subtract from the old key, add to the new).
create function ledger_month_maintain() returns trigger language plpgsql as $$
declare
    n ledger_month;
    o ledger_month;
    zero ledger_month;
begin
    if tg_op = 'INSERT' then
        perform ledger_month_add(ledger_month_of(new));
    elsif tg_op = 'DELETE' then
        o := ledger_month_of(old);
        perform ledger_month_add(ledger_month_minus(
            row(o.month, o.location_code, o.channel, o.category_code, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)::ledger_month, o));
    else
        n := ledger_month_of(new);
        o := ledger_month_of(old);
        if n = o then
            return null;
        end if;
        if (n.month, n.location_code, n.channel, n.category_code) = (o.month, o.location_code, o.channel, o.category_code) then
            perform ledger_month_add(ledger_month_minus(n, o));
        else
            zero := row(o.month, o.location_code, o.channel, o.category_code, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)::ledger_month;
            perform ledger_month_add(ledger_month_minus(zero, o));
            perform ledger_month_add(n);
        end if;
    end if;
    return null;
end
$$;

-- Creating the trigger locks out ledger writers until this migration commits, so the backfill below reads every row
-- and no write falls between the two.
create trigger ledger_month_maintain after insert or update or delete on ledger_entry
    for each row execute function ledger_month_maintain();

-- TRUNCATE fires no row trigger: empty the figures with the ledger.
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

-- The units a petition accuses (检举揭发), from petition.registered, so that every read of the ledger can tell
-- whether the caller is inside the case's recusal set (回避). Empty: the petition accuses no unit. Null: not known
-- yet (case.assigned arrived first) or an entry from before this column; such an entry is shown only to
-- province-wide readers and the unit routing gave it to (routing knew the accusation), never to a jurisdiction.
alter table ledger_entry add column accused_unit_codes varchar(64)[];

-- CaseScope.recuses in SQL, for lists and queues: the code (a unit or a division) is an accused unit, or its
-- division is at or under an accused unit's division (codes nest by prefix: 34 > 3413 > 341322)
create function case_recuses(accused varchar[], code varchar) returns boolean
    language sql immutable parallel safe as
$$
select exists (select 1 from unnest(accused) a
               where a = code
                  or (split_part(a, '-', 1) <> '' and starts_with(split_part(code, '-', 1), split_part(a, '-', 1))))
$$;

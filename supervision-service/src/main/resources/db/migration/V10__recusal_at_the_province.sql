-- The same rule as platform-support's CaseScope.recuses: an accused unit and everything at or under its division;
-- for a provincial unit, the unit and everything below the province, not the province's other units and supervisors
create or replace function case_recuses(accused varchar[], code varchar) returns boolean
    language sql immutable parallel safe as
$$
select exists (select 1 from unnest(accused) a
               where a = code
                  or (split_part(a, '-', 1) <> ''
                      and starts_with(split_part(code, '-', 1), split_part(a, '-', 1))
                      and (length(split_part(a, '-', 1)) > 2
                           or length(split_part(code, '-', 1)) > length(split_part(a, '-', 1)))))
$$;

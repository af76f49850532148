-- The recusal set of each petition (回避): the accused units' codes, given or resolved from the names people wrote,
-- and for a unit that could not be resolved the county's government (<county>-ZF), which keeps the case and its
-- reads away from every unit and person of the county. Such a petition waits for a manual check.
alter table petition add column accused_unit_codes jsonb;
alter table petition add column accused_needs_check boolean not null default false;

-- earlier petitions: the codes they were given; a unit named without a code recuses the county and is checked
update petition p
set accused_unit_codes = s.codes, accused_needs_check = s.unresolved
from (select q.id,
             (select jsonb_agg(distinct c.code) from (
                      select e ->> 'unitCode' as code from jsonb_array_elements(q.accused) e
                      where e ->> 'unitCode' is not null
                      union
                      select substr(q.location_code, 1, 6) || '-ZF' from jsonb_array_elements(q.accused) e
                      where e ->> 'kind' = 'UNIT' and e ->> 'unitCode' is null) c) as codes,
             exists (select 1 from jsonb_array_elements(q.accused) e
                     where e ->> 'kind' = 'UNIT' and e ->> 'unitCode' is null) as unresolved
      from petition q where q.accused is not null and jsonb_typeof(q.accused) = 'array') s
where p.id = s.id;

-- Accused persons' names are personal data: encrypted like the petitioner's, shown masked. The petition's accused
-- list keeps its order; a person's entry there carries no name, the name lives here under the same ordinal.
-- Names written in clear before this version are sealed by the application (PiiKeyRotation#sealClearAccusedNames).
create table accused_person (
    id              bigserial primary key,
    petition_id     uuid         not null references petition (id),
    ordinal         smallint     not null,
    name_ciphertext bytea        not null,
    name_masked     varchar(200) not null,
    unique (petition_id, ordinal)
);

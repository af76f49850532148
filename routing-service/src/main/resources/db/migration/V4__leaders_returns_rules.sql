-- Provincial leaders and what they cover (包点): 16 cities and 2 special fields; Hefei and Fuyang have two each.
create table leader (
    id    varchar(12)  primary key,
    name  varchar(100) not null,
    title varchar(100) not null
);

create table leader_coverage (
    leader_id varchar(12) not null references leader (id),
    -- a city division code, or a special field such as 'field:ethnic-religious'
    covers    varchar(40) not null,
    primary key (leader_id, covers)
);

insert into leader (id, name, title)
select 'PL' || lpad(g::text, 2, '0'), 'Provincial leader ' || lpad(g::text, 2, '0'), '省级领导' from generate_series(1, 20) g;

-- leaders 01..16 cover the cities in code order; 17 is Hefei's second, 18 Fuyang's second; 19 and 20 cover fields
insert into leader_coverage (leader_id, covers)
select 'PL' || lpad(row_number() over (order by code)::text, 2, '0'), code from division where level = 'CITY';
insert into leader_coverage (leader_id, covers) values
    ('PL17', '3401'), ('PL18', '3412'), ('PL19', 'field:ethnic-religious'), ('PL20', 'field:enterprise-restructuring');

alter table assignment add column covering_leaders varchar(200);
-- a unit may send a misrouted case back once (退回); the flag travels with the case
alter table assignment add column returned_by varchar(24);

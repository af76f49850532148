-- Past monthly figures (历史信访量) an admin imports, so that year-on-year (同比) works from a deployment's first day.
-- One row per jurisdiction (division code) × month × channel × category; re-importing a key replaces its figures.
create table volume_import (
    id            bigserial primary key,
    imported_by   varchar(200) not null,
    -- the importing admin's jurisdiction: every line of the file lies within it
    jurisdiction  varchar(9)   not null,
    imported_at   timestamptz  not null,
    file_sha256   char(64)     not null,
    file_bytes    integer      not null,
    line_count    integer      not null,
    inserted      integer      not null,
    replaced      integer      not null,
    unchanged     integer      not null
);
create index volume_import_jurisdiction on volume_import (jurisdiction, imported_at desc);

create table historical_volume (
    month         date         not null check (extract(day from month) = 1),
    jurisdiction  varchar(9)   not null,
    channel       varchar(16)  not null,
    category_code varchar(40)  not null,
    batches       integer      not null check (batches >= 0),
    person_times  integer      not null check (person_times >= batches),
    import_id     bigint       not null references volume_import (id),
    primary key (month, jurisdiction, channel, category_code)
);

-- The State Council's holidays (放假) and make-up working days (调休上班), one row per day, by year. Shipped data is
-- loaded at start; an admin's update of a year replaces that year and is kept over later shipped data.
create table holiday_year (
    year          integer      primary key check (year between 2000 and 2100),
    source        varchar(300) not null,
    -- SHIPPED (from the release's resource file, with its hash) or ADMIN (updated through the API)
    origin        varchar(8)   not null check (origin in ('SHIPPED', 'ADMIN')),
    shipped_hash  char(64),
    updated_by    varchar(200) not null,
    updated_at    timestamptz  not null
);

create table holiday_day (
    day           date         primary key,
    year          integer      not null references holiday_year (year),
    kind          varchar(12)  not null check (kind in ('HOLIDAY', 'WORKING_DAY')),
    name          varchar(40)  not null,
    check (extract(year from day) = year)
);
create index holiday_day_year on holiday_day (year);

-- Who changed which year's calendar, when, and to what (counts and source); shipped loads are recorded too.
create table holiday_change (
    id            bigserial primary key,
    year          integer      not null,
    changed_by    varchar(200) not null,
    changed_at    timestamptz  not null,
    origin        varchar(8)   not null,
    source        varchar(300) not null,
    holidays      integer      not null,
    working_days  integer      not null
);

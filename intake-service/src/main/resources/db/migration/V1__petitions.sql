create table category (
    code    varchar(40) primary key,
    name_zh varchar(100) not null,
    name_en varchar(100) not null,
    active  boolean      not null default true
);

insert into category (code, name_zh, name_en) values
    ('labour-wages', '劳动和社会保障（欠薪）', 'Labour and wages'),
    ('social-security', '社会保障', 'Social security'),
    ('land-housing', '国土资源和住房', 'Land and housing'),
    ('urban-construction', '城乡建设', 'Urban and rural construction'),
    ('law-enforcement', '政法（公安执法）', 'Law enforcement'),
    ('courts-procuratorate', '法院和检察院', 'Courts and procuratorates'),
    ('education', '教育', 'Education'),
    ('health', '卫生健康', 'Health'),
    ('environment', '生态环境', 'Environment'),
    ('rural-affairs', '农业农村', 'Rural affairs'),
    ('civil-affairs', '民政', 'Civil affairs'),
    ('market-regulation', '市场监管', 'Market regulation'),
    ('transport', '交通运输', 'Transport'),
    ('discipline', '纪检监察（检举揭发）', 'Discipline and supervision (reports)'),
    ('other', '其他', 'Other');

create table petitioner (
    id               uuid primary key,
    name_ciphertext  bytea        not null,
    phone_ciphertext bytea        not null,
    name_masked      varchar(100) not null,
    phone_masked     varchar(20)  not null,
    created_at       timestamptz  not null
);

create sequence tracking_number_seq;

create table petition (
    id              uuid primary key,
    tracking_number varchar(16)  not null unique,
    channel         varchar(16)  not null,
    category_code   varchar(40)  not null references category (code),
    location_code   varchar(9)   not null,
    summary         varchar(500) not null,
    content         text,
    person_count    integer      not null check (person_count between 1 and 10000),
    petitioner_id   uuid         not null references petitioner (id),
    query_code_hash varchar(64)  not null,
    registered_by   varchar(200),
    registered_at   timestamptz  not null
);
create index petition_registered_at on petition (registered_at);

create table pii_access_log (
    id            bigserial primary key,
    petitioner_id uuid         not null,
    accessed_by   varchar(200) not null,
    purpose       varchar(200) not null,
    accessed_at   timestamptz  not null
);

-- outbox_event and processed_event: platform-outbox's migration (db/outbox/V0_1__outbox_and_inbox.sql)

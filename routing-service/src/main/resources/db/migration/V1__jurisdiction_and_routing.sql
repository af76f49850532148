-- The jurisdiction tree (属地): province > city > county > township
create table division (
    code        varchar(12)  primary key,
    name        varchar(100) not null,
    level       varchar(10)  not null check (level in ('PROVINCE', 'CITY', 'COUNTY', 'TOWNSHIP')),
    parent_code varchar(12) references division (code)
);
create index division_parent on division (parent_code);

-- The kinds of responsible unit a division has (职能部门); XFJ is the petition bureau (信访局)
create table department (
    code          varchar(8)   primary key,
    name_suffix   varchar(60)  not null,
    name_en       varchar(100) not null,
    -- the lowest level that has this department (townships only have their government and petition office)
    lowest_level  varchar(10)  not null
);

insert into department (code, name_suffix, name_en, lowest_level) values
    ('XFJ',  '信访局',               'Petition bureau',                         'COUNTY'),
    ('RSJ',  '人力资源和社会保障局', 'Human resources and social security',     'COUNTY'),
    ('GAJ',  '公安局',               'Public security',                         'COUNTY'),
    ('ZJJ',  '住房和城乡建设局',     'Housing and urban-rural development',     'COUNTY'),
    ('ZRZYJ','自然资源和规划局',     'Natural resources',                       'COUNTY'),
    ('JYJ',  '教育局',               'Education',                               'COUNTY'),
    ('MZJ',  '民政局',               'Civil affairs',                           'COUNTY'),
    ('STHJJ','生态环境局',           'Ecology and environment',                 'COUNTY'),
    ('NYNCJ','农业农村局',           'Agriculture and rural affairs',           'COUNTY'),
    ('SCJGJ','市场监督管理局',       'Market regulation',                       'COUNTY'),
    ('WJW',  '卫生健康委员会',       'Health commission',                       'COUNTY'),
    ('JTJ',  '交通运输局',           'Transport',                               'COUNTY'),
    ('JW',   '纪律检查委员会',       'Discipline inspection commission',        'COUNTY'),
    ('FY',   '人民法院',             'People''s court',                         'COUNTY'),
    ('JCY',  '人民检察院',           'People''s procuratorate',                 'COUNTY'),
    ('ZF',   '人民政府',             'Government',                              'TOWNSHIP');

-- A responsible unit (责任单位): one department of one division. Code = division code + '-' + department.
create table unit (
    code          varchar(24)  primary key,
    name          varchar(200) not null,
    division_code varchar(12)  not null references division (code),
    level         varchar(10)  not null,
    department    varchar(8)   not null references department (code)
);
create index unit_division on unit (division_code);

-- Which department handles a category, and at which level a case starts (分级负责)
create table routing_rule (
    category_code varchar(40) primary key,
    department    varchar(8)  not null references department (code),
    start_level   varchar(10) not null default 'COUNTY' check (start_level in ('TOWNSHIP', 'COUNTY', 'CITY', 'PROVINCE'))
);

insert into routing_rule (category_code, department) values
    ('labour-wages', 'RSJ'), ('social-security', 'RSJ'), ('land-housing', 'ZRZYJ'), ('urban-construction', 'ZJJ'),
    ('law-enforcement', 'GAJ'), ('courts-procuratorate', 'FY'), ('education', 'JYJ'), ('health', 'WJW'),
    ('environment', 'STHJJ'), ('rural-affairs', 'NYNCJ'), ('civil-affairs', 'MZJ'), ('market-regulation', 'SCJGJ'),
    ('transport', 'JTJ'), ('discipline', 'JW');

-- Every assignment a case ever had, in order (交办记录)
create table assignment (
    id                 uuid         primary key,
    petition_id        uuid         not null,
    sequence           integer      not null,
    tracking_number    varchar(16)  not null,
    level              varchar(10)  not null,
    unit_code          varchar(24)  not null references unit (code),
    previous_unit_code varchar(24) references unit (code),
    reason             varchar(20)  not null,
    note               varchar(2000),
    category_code      varchar(40)  not null,
    location_code      varchar(12)  not null,
    registered_at      timestamptz  not null,
    assigned_at        timestamptz  not null,
    unique (petition_id, sequence)
);

-- outbox_event and processed_event: platform-outbox's migration (db/outbox/V0_1__outbox_and_inbox.sql)

-- Other names of a category that search matches (检索, issue #22): the catalogue's own name_zh is one way of naming
-- a matter, and clerks type the names of the finer items of the 信访事项 classification (拖欠工资 under 劳动和社会保障,
-- 征地拆迁 under 国土资源和住房) or a shorter form (劳动保障, 社保). A petition is found by these as by its category's
-- name, ranked below a petition whose own text says it (docs/registration.md, "Search").
--
-- Nothing here is per petition: search resolves a query's terms against the catalogue when it runs, so every
-- petition, old or new, is found by these names at once and there is nothing to backfill or rebuild. Kept to names of
-- matters: an everyday word (学校, 工资) would make its category match queries meant for the text.
create table category_search_name (
    category_code varchar(40)  not null references category (code),
    name          varchar(100) not null,
    primary key (category_code, name)
);

insert into category_search_name (category_code, name) values
    ('labour-wages', '劳动保障'),
    ('labour-wages', '劳动社会保障'),
    ('labour-wages', '拖欠工资'),
    ('labour-wages', '工资拖欠'),
    ('labour-wages', '欠薪'),
    ('labour-wages', '讨薪'),
    ('labour-wages', '劳动争议'),
    ('labour-wages', '劳动合同'),
    ('social-security', '社保'),
    ('social-security', '养老保险'),
    ('social-security', '医疗保险'),
    ('social-security', '失业保险'),
    ('social-security', '工伤保险'),
    ('land-housing', '征地拆迁'),
    ('land-housing', '房屋征收'),
    ('land-housing', '土地征收'),
    ('land-housing', '不动产登记'),
    ('land-housing', '住房保障'),
    ('urban-construction', '城市管理'),
    ('urban-construction', '物业管理'),
    ('urban-construction', '市政设施'),
    ('urban-construction', '建筑市场'),
    ('law-enforcement', '治安管理'),
    ('courts-procuratorate', '涉法涉诉'),
    ('courts-procuratorate', '执行难'),
    ('education', '教育管理'),
    ('education', '招生考试'),
    ('health', '医患纠纷'),
    ('health', '医疗纠纷'),
    ('environment', '环境保护'),
    ('environment', '环境污染'),
    ('rural-affairs', '三农'),
    ('rural-affairs', '土地承包'),
    ('civil-affairs', '低保'),
    ('civil-affairs', '社会救助'),
    ('civil-affairs', '优抚安置'),
    ('market-regulation', '食品安全'),
    ('market-regulation', '消费维权'),
    ('transport', '交通管理'),
    ('discipline', '违纪违法');

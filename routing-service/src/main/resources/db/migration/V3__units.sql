-- Every division gets its departments down to each department's lowest level.
insert into unit (code, name, division_code, level, department)
select d.code || '-' || p.code, d.name || p.name_suffix, d.code, d.level, p.code
from division d
join department p on
    (p.lowest_level = 'COUNTY' and d.level in ('PROVINCE', 'CITY', 'COUNTY'))
    or (p.lowest_level = 'TOWNSHIP');

-- At province level the names differ (安徽省信访局 is right; 安徽省人民法院 is the 高级人民法院)
update unit set name = '安徽省高级人民法院' where code = '34-FY';
update unit set name = '安徽省人民检察院' where code = '34-JCY';
update unit set name = d.name || '中级人民法院' from division d where unit.division_code = d.code and d.level = 'CITY' and unit.department = 'FY';

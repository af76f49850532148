-- Search filtered by the read model (issue #20/#22): a city's supervisor asking for 工资 in 劳动和社会保障 among the
-- cases in one state (q=工资&category=labour-wages&state=ACCEPTED, city 3408) missed its 50 ms at a million petitions
-- (bench/results/scale-20261206T121130Z-n1000000-intake.md: 62 / 73 ms p50 / p95). The city holds ~7,100 petitions
-- of the category, 3 % of them in that state: each was read from the table and joined to case_projection one by one.
--
-- Now the candidates are chosen from ids alone (PetitionSearch: the read model's filter picks ids first, the table is
-- read for the ~200 left; a term that names the filtered category narrows nothing and is left out of the filter):
-- the (category, place, time) index carries the petition's id, and the read model's (state) and (unit) indexes carry
-- the id and the other half, so both sides are index-only scans and meet in a hash join. Replaced, not added: the
-- read model's upserts maintain as many indexes as before.
--
-- EXPLAIN (ANALYZE, BUFFERS) on a scratch database filled as `./petitions scale --only intake` fills it (1,000,000
-- petitions, 800,000 petitioners, case_projection for each, 3 % ACCEPTED; vacuumed), PostgreSQL 15, this 2-core
-- machine while other builds ran:
--
-- before (V17 indexes, the old statement), 69 ms (58–176 over runs):
--   Sort (rows=215)
--     -> Limit -> Gather Merge (2 workers) -> Sort
--        -> Nested Loop (rows=72 loops=3)
--           -> Parallel Bitmap Heap Scan on petition (rows=2370 loops=3; heap blocks 1639 + ..., 7184 buffers)
--              -> Bitmap Index Scan on petition_category_place (rows=7111)
--           -> Index Scan using case_projection_pkey on case_projection (loops=7111; Filter: state = 'ACCEPTED',
--              rows removed 1 each; 28446 buffers)
--
-- after (these indexes, the new statement), 13–22 ms (13.4 ms in a quiet moment):
--   Sort (rows=215)
--     -> Nested Loop (rows=215)
--        -> Limit -> Sort
--           -> Hash Join (c.petition_id = p.id) (rows=215)
--              -> Index Only Scan using case_projection_state on case_projection (state = 'ACCEPTED')
--                 (rows=30000, heap fetches 0, 218 buffers)
--              -> Hash -> Index Only Scan using petition_category_place on petition
--                 (rows=7111, heap fetches 0)
--        -> Index Scan using petition_pkey on petition (loops=215)
--
-- A covering primary key instead, (petition_id) include (state, unit_code), was tried too: the 7,111 probes become
-- index-only (21,338 buffers instead of 28,446) but each petition is still read from the table: 58–97 ms.
-- Plain, not concurrent, builds: Flyway runs this in its transaction at start (seconds at a million rows).
drop index petition_category_place;
create index petition_category_place on petition (category_code, (location_code collate "C"), registered_at) include (id);

drop index case_projection_state;
create index case_projection_state on case_projection (state) include (petition_id, unit_code);

drop index case_projection_unit;
create index case_projection_unit on case_projection (unit_code) include (petition_id, state);

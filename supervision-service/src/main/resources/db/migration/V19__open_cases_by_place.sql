-- Supervisors' queues (CaseQueue): the open cases of a subtree of places. Open cases are a few per cent of the ledger
-- (a million entries after three years of a province, some 30,000 open), so a partial index of them answers a county's,
-- a city's or the province's queue without reading the closed cases: by place code in byte order ("C": a subtree is
-- then a range of codes, which LIKE '3413%' is not under the database's C.UTF-8 collation), carrying what the queue
-- filters, counts and sorts by, so that the count and the choice of a page read the index alone (index-only scans),
-- and only the page's 50 rows are read from the table. ./petitions scale measures it (docs/benchmark.md).
create index ledger_open_place on ledger_entry ((location_code collate "C"))
    include (status, accused_unit_codes, acceptance_due_at, handling_due_at, registered_at, petition_id, category_code,
             level, urgency, is_repeat, leader_case, received_by_leader)
    where status in ('ASSIGNED', 'ACCEPTED', 'EXTENDED');

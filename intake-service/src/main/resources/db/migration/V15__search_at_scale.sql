-- Search at a million petitions (issues #20 and #22, bench/results/scale-*-intake.md): a caller's subtree as a range
-- of codes in byte order (LIKE '3408%' cannot use a btree under the C.UTF-8 collation), and registration time within
-- it, so that a county's or a city's search reads its own petitions only and can combine with the trigram index.
create index petition_place_registered on petition ((location_code collate "C"), registered_at);

-- petition.repeat_of references petition(id): without an index every delete or key update of a petition, and every
-- "which petitions repeat this one", scans the whole table (issue 20, cost as the data grows).
create index petition_repeat_of on petition (repeat_of) where repeat_of is not null;

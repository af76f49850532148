-- The units a petition accuses (检举揭发), kept with every assignment of the case, so that escalation, review,
-- re-review, return and reassignment respect the same recusal as the first routing, and every read of the case can
-- tell whether the caller is inside its recusal set. Empty: the petition accuses no unit. Null: an assignment made
-- before the accusation was kept here; the accusation is unknown, so only province-wide readers and the units that
-- held the case see it (fail closed) until it is backfilled.
alter table assignment add column accused_unit_codes varchar(64)[];

-- A keyed hash (HMAC) of name + phone finds the same petitioner again without storing either in clear,
-- so repeat petitions (重复信访) share one pseudonymous petitionerRef.
alter table petitioner add column identity_index varchar(64);
create index petitioner_identity on petitioner (identity_index);
alter table petition add column prior_petitions integer not null default 0;

-- a repeat petition (重复信访): the same petitioner registered before (from intake's priorPetitions)
alter table ledger_entry add column is_repeat boolean not null default false;

-- Archived petitions (信访档案, issue #22): supervision archives a closed case past its retention period and publishes
-- case.archived; intake then removes the petition's personal data (PetitionArchiving, docs/registration.md "Archived
-- petitions") and keeps what statistics and repeat counts need. The archive's id and SHA-256 say which file holds
-- what was removed here.
alter table petition add column archived_at timestamptz;
alter table petition add column archive_id uuid;
alter table petition add column archive_sha256 char(64);

-- A petitioner no petition still open refers to is deleted with the last of their petitions to be archived: what
-- pointed at the person points at no one from then on (the archived petition keeps its counts and repeat links).
alter table petition alter column petitioner_id drop not null;
alter table petition_representative alter column petitioner_id drop not null;
alter table petitioner_contact_change alter column petitioner_id drop not null;

-- A contact change of an archived petition keeps who changed it, when and with the person present; not the values.
alter table petitioner_contact_change alter column previous_name_ciphertext drop not null;
alter table petitioner_contact_change alter column new_name_ciphertext drop not null;

-- "Is any petition of this person still open?" is asked per person at every archiving.
create index petition_representative_petitioner on petition_representative (petitioner_id);

alter table ledger_entry add column satisfied boolean;
alter table ledger_entry add column evaluation_comment varchar(2000);
alter table ledger_entry add column evaluated_at timestamptz;
alter table ledger_entry add column review_requested_at timestamptz;
alter table ledger_entry add column review_replied_at timestamptz;
alter table ledger_entry add column re_review_requested_at timestamptz;
alter table ledger_entry add column re_review_replied_at timestamptz;

-- intake now recognises a repeat petition as the same person with the same matter (repeatOf), and flags visits
-- a leader received in person at a public reception session (领导接访)
alter table ledger_entry add column repeat_of uuid;
alter table ledger_entry add column received_by_leader varchar(100);
create index ledger_entry_leader_received on ledger_entry (registered_at) where received_by_leader is not null;

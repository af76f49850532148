-- The day a letter was received (收信日期), China's date. A letter's statutory clocks count from it, and statistics
-- date every petition by it: for other channels (and older rows) it is the China date of the registration.
alter table ledger_entry add column received_on date;
update ledger_entry set received_on = (registered_at at time zone 'Asia/Shanghai')::date;
alter table ledger_entry alter column received_on set not null;
create index ledger_entry_received_on on ledger_entry (received_on);

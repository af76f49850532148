-- Tracking numbers may carry a 9-digit number after the date (a billion a day, not sequential): contracts/events
alter table ledger_entry alter column tracking_number type varchar(24);

-- Query codes are stored only as keyed hashes (query_code_mac, QueryCodes); the unkeyed column of V1 had no writer
-- left (the system has never run anywhere with data from before V4), and the job that moved its rows scanned the
-- whole petition table every minute.
alter table petition drop column query_code_hash;

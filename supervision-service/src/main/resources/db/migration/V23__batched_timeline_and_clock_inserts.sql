-- A poll of events is applied in one transaction, and each event appends to the case's timeline and often starts a
-- clock. With identity keys Hibernate had to send every such insert at once, one round trip each; with ids taken
-- from the sequence 50 at a time (Hibernate's pooled optimizer: one nextval hands out the 50 values below it) the
-- inserts wait for the flush and go in JDBC batches (quarkus.hibernate-orm.jdbc.statement-batch-size).
alter sequence timeline_event_id_seq increment by 50;
alter sequence deadline_id_seq increment by 50;

-- Batches are ordered by kind of row (hibernate.order_inserts), and Hibernate does not know that a timeline entry
-- or a clock needs its case's ledger row first (they name the case by its id, not by an association): a poll that
-- opens a case after appending to another would send the new case's entry in the timeline batch before the ledger
-- batch. The references to ledger_entry are therefore checked at commit, when every row of the transaction is in.
do $$
declare
    c record;
begin
    for c in select conrelid::regclass as tbl, conname from pg_constraint
             where contype = 'f' and confrelid = 'ledger_entry'::regclass
    loop
        execute format('alter table %s alter constraint %I deferrable initially deferred', c.tbl, c.conname);
    end loop;
end
$$;

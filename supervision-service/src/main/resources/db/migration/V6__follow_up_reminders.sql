-- Follow-ups of a dedicated team (专班): reminded before they fall due, flagged when overdue, reported when done
alter table follow_up add column reminded_at timestamptz;
alter table follow_up add column overdue_at timestamptz;
alter table follow_up add column reported_by varchar(200);
create index follow_up_open on follow_up (due_at) where done_at is null;

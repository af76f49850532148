-- Each written decision kept on its own (issue 18): the reply (书面答复), the review's answer (复查意见), the re-review's
-- answer (复核意见, final), the reason a matter was not accepted (不予受理), each with the unit that gave it. Until now
-- a review's answer overwrote reply_text, and the printed letters could not carry the handler's text.
alter table ledger_entry add column reply_unit_code varchar(64);
alter table ledger_entry add column review_reply_text text;
alter table ledger_entry add column review_unit_code varchar(64);
alter table ledger_entry add column re_review_reply_text text;
alter table ledger_entry add column re_review_unit_code varchar(64);
alter table ledger_entry add column not_accepted_reason varchar(2000);
alter table ledger_entry add column not_accepted_unit_code varchar(64);
alter table ledger_entry add column not_accepted_at timestamptz;

-- A review (复查) or re-review (复核) was requested and routing's assignment of it has not arrived yet: until it does,
-- nobody may act on the case (the unit that replied must never answer the review of its own reply).
alter table ledger_entry add column awaiting_assignment boolean not null default false;

-- Existing rows: reply_text holds the latest answer. Move a review's or re-review's answer to its stage; the reply it
-- overwrote is lost (better no text than the wrong one).
update ledger_entry set re_review_reply_text = reply_text, reply_text = null where re_review_replied_at is not null;
update ledger_entry set review_reply_text = reply_text, reply_text = null
 where review_replied_at is not null and re_review_replied_at is null;

-- Who gave each decision: the timeline kept the unit of every change.
update ledger_entry e set reply_unit_code = (select t.unit_code from timeline_event t where t.petition_id = e.petition_id
        and t.to_status = 'REPLIED' and t.from_status is distinct from 'REPLIED' order by t.at desc, t.id desc limit 1)
 where e.replied_at is not null;
update ledger_entry e set review_unit_code = (select t.unit_code from timeline_event t where t.petition_id = e.petition_id
        and t.to_status = 'REVIEW_REPLIED' and t.from_status is distinct from 'REVIEW_REPLIED' order by t.at desc, t.id desc limit 1)
 where e.review_replied_at is not null;
update ledger_entry e set re_review_unit_code = (select t.unit_code from timeline_event t where t.petition_id = e.petition_id
        and t.to_status = 'RE_REVIEW_REPLIED' order by t.at desc, t.id desc limit 1)
 where e.re_review_replied_at is not null;
update ledger_entry set not_accepted_reason = decision_reason, not_accepted_unit_code = unit_code, not_accepted_at = closed_at
 where status = 'NOT_ACCEPTED';

-- Reviews requested whose assignment has not been applied yet (its clock starts with it).
update ledger_entry e set awaiting_assignment = true
 where (e.status = 'REVIEW_REQUESTED'
        and not exists (select 1 from deadline d where d.petition_id = e.petition_id and d.clock = 'REVIEW'))
    or (e.status = 'RE_REVIEW_REQUESTED'
        and not exists (select 1 from deadline d where d.petition_id = e.petition_id and d.clock = 'RE_REVIEW'));

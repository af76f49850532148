-- The record of satisfaction and of real resolution after a written reply (办结): the bureau's call-backs (回访), each
-- try with its outcome, and the petitioner's own online evaluation, side by side (source). A call-back task is not a
-- row: it is due for every case in REPLIED or EVALUATED whose latest reply (ledger_entry.replied_at) has no concluding
-- call-back yet (a reached call, or the last allowed try), so it cannot be forgotten or created twice.
create table call_back (
    id               bigserial primary key,
    petition_id      uuid          not null references ledger_entry (petition_id),
    -- the reply this record is about (ledger_entry.replied_at, or for the petitioner the latest answer's time)
    reply_at         timestamptz   not null,
    -- the unit that gave that reply: a poor outcome reopens the case there once, then escalates
    unit_code        varchar(64)   not null,
    source           varchar(16)   not null check (source in ('CALL_BACK', 'PETITIONER')),
    attempt          integer       not null check (attempt >= 1),
    reached          boolean       not null,
    satisfaction     varchar(24)   check (satisfaction in ('SATISFIED', 'BASICALLY_SATISFIED', 'NOT_SATISFIED')),
    -- resolved in fact (问题是否实际解决): known from a reached call-back; null from the petitioner's online evaluation
    resolved         boolean,
    comment          varchar(500),
    -- not reached and tries left: when to call again
    retry_at         timestamptz,
    outcome          varchar(16)   not null check (outcome in ('RETRY', 'UNREACHABLE', 'CLOSED', 'REOPENED',
                                                                'ESCALATED', 'RECORDED')),
    recorded_at      timestamptz   not null,
    recorded_by      varchar(200)  not null,
    recorded_by_role varchar(40)   not null,
    check (source = 'PETITIONER' or reached or (satisfaction is null and resolved is null))
);
create index call_back_petition on call_back (petition_id, reply_at);
create index call_back_not_resolved on call_back (petition_id) where resolved = false;

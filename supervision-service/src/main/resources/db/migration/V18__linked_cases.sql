-- One matter, many petitioners (同一事项归并, docs/linked-cases.md): member cases handled with a lead case by the lead's
-- unit. A row is one link, kept after it ends (unlinked_at) so that the timeline, the statistics and an audit can tell
-- who joined and split which cases, when and why.
create table case_link (
    id              bigserial primary key,
    lead_id         uuid          not null references ledger_entry (petition_id),
    member_id       uuid          not null references ledger_entry (petition_id),
    linked_at       timestamptz   not null,
    linked_by       varchar(200)  not null,
    linked_by_role  varchar(40)   not null,
    reason          varchar(2000) not null,
    unlinked_at     timestamptz,
    unlinked_by     varchar(200),
    unlinked_by_role varchar(40),
    unlink_reason   varchar(2000),
    -- why the link ended: a clerk or supervisor split it, or the member's own path left the matter
    unlink_cause    varchar(24) check (unlink_cause in ('SPLIT', 'REVIEW_REQUESTED', 'CALL_BACK', 'REASSIGNED')),
    check (lead_id <> member_id),
    check ((unlinked_at is null) = (unlink_cause is null))
);
-- a case is a member of at most one lead at a time
create unique index case_link_one_lead on case_link (member_id) where unlinked_at is null;
create index case_link_lead on case_link (lead_id) where unlinked_at is null;

-- A lead is never itself a member, nor a member a lead: matters do not nest. The service checks it with the cases
-- locked; this is the backstop for any other writer.
create function case_link_no_nesting() returns trigger
    language plpgsql as
$$
begin
    if new.unlinked_at is null and (
            exists (select 1 from case_link l where l.member_id = new.lead_id and l.unlinked_at is null)
            or exists (select 1 from case_link l where l.lead_id = new.member_id and l.unlinked_at is null)) then
        raise exception 'case_link: a lead case cannot be a member, nor a member a lead (lead %, member %)',
            new.lead_id, new.member_id using errcode = '23514';
    end if;
    return new;
end
$$;
create trigger case_link_no_nesting before insert on case_link
    for each row execute function case_link_no_nesting();

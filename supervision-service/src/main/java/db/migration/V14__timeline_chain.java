package db.migration;

import gov.petitions.supervision.service.TimelineChain;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * A tamper-evident timeline (issue 22): every timeline entry gets its position in the case, the previous entry's hash
 * and its own ({@link TimelineChain}); the existing entries are chained here, in the order they were shown (time,
 * then id), so that from this migration on no entry is without its link. In Java because the canonical form is
 * {@link TimelineChain}'s, not something SQL could repeat byte for byte. Then the daily digests of the chain heads
 * (timeline_digest, chained day to day) and the heads each digest anchors (timeline_anchor), both append-only.
 */
public class V14__timeline_chain extends BaseJavaMigration {

    @Override
    public void migrate(Context context) throws Exception {
        Connection db = context.getConnection();
        try (Statement s = db.createStatement()) {
            s.execute("alter table timeline_event add column position integer, add column prev_hash char(64), "
                    + "add column hash char(64)");
            s.execute("update timeline_event t set position = r.n from (select id, row_number() over "
                    + "(partition by petition_id order by at, id) as n from timeline_event) r where r.id = t.id");
        }
        chainExistingEntries(db);
        try (Statement s = db.createStatement()) {
            s.execute("alter table timeline_event alter column position set not null, "
                    + "alter column prev_hash set not null, alter column hash set not null");
            // one entry per position: two appends that raced past the case's lock could not both commit
            s.execute("create unique index timeline_chain on timeline_event (petition_id, position)");
            s.execute("""
                    create table timeline_digest (
                        seq             bigint primary key,
                        day             date        not null unique,
                        leaves          integer     not null,
                        root            char(64)    not null,
                        previous_digest char(64)    not null,
                        digest          char(64)    not null unique,
                        made_at         timestamptz not null
                    )""");
            s.execute("""
                    create table timeline_anchor (
                        day         date     not null references timeline_digest (day),
                        leaf_index  integer  not null,
                        petition_id uuid     not null,
                        position    integer  not null,
                        head        char(64) not null,
                        primary key (day, leaf_index),
                        unique (day, petition_id)
                    )""");
            s.execute("create index timeline_anchor_case on timeline_anchor (petition_id, position)");
            // a published digest is never changed or taken back: the service only ever inserts
            s.execute("""
                    create function timeline_append_only() returns trigger language plpgsql as $$
                    begin
                        raise exception '% is append-only', tg_table_name;
                    end $$""");
            s.execute("create trigger timeline_digest_append_only before update or delete on timeline_digest "
                    + "for each row execute function timeline_append_only()");
            s.execute("create trigger timeline_anchor_append_only before update or delete on timeline_anchor "
                    + "for each row execute function timeline_append_only()");
            s.execute("create trigger timeline_digest_never_truncated before truncate on timeline_digest "
                    + "for each statement execute function timeline_append_only()");
            s.execute("create trigger timeline_anchor_never_truncated before truncate on timeline_anchor "
                    + "for each statement execute function timeline_append_only()");
        }
    }

    private static void chainExistingEntries(Connection db) throws Exception {
        try (PreparedStatement read = db.prepareStatement("select id, petition_id, position, at, from_status, to_status, "
                + "actor, actor_role, unit_code, reason from timeline_event order by petition_id, position");
             PreparedStatement write = db.prepareStatement("update timeline_event set prev_hash = ?, hash = ? where id = ?")) {
            read.setFetchSize(1000); // streamed: Flyway runs this in a transaction, so the cursor holds
            UUID petition = null;
            String previous = TimelineChain.GENESIS;
            int pending = 0;
            try (ResultSet r = read.executeQuery()) {
                while (r.next()) {
                    UUID id = r.getObject("petition_id", UUID.class);
                    if (!id.equals(petition)) {
                        petition = id;
                        previous = TimelineChain.GENESIS;
                    }
                    String hash = TimelineChain.link(previous, TimelineChain.canonical(id, r.getInt("position"),
                            r.getObject("at", OffsetDateTime.class), r.getString("from_status"), r.getString("to_status"),
                            r.getString("actor"), r.getString("actor_role"), r.getString("unit_code"), r.getString("reason")));
                    write.setString(1, previous);
                    write.setString(2, hash);
                    write.setLong(3, r.getLong("id"));
                    write.addBatch();
                    previous = hash;
                    if (++pending == 500) {
                        write.executeBatch();
                        pending = 0;
                    }
                }
            }
            if (pending > 0) {
                write.executeBatch();
            }
        }
    }
}

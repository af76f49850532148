package gov.petitions.supervision;

import gov.petitions.supervision.service.Statistics;
import gov.petitions.testing.MovableClock;
import gov.petitions.testing.TestSecrets;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 20: month and year statistics read ledger_month, which a trigger keeps from the ledger (V20). Whatever is
 * written to ledger_entry — inserts, status and time changes, a move to another month or place, a channel cleared, a
 * delete — the figures read from ledger_month are exactly those of a scan of the ledger rows, computed here with the
 * scan Statistics used before (and still uses for a day).
 */
@QuarkusTest
@QuarkusTestResource(TestSecrets.class)
class LedgerMonthTest {

    private static final Instant NOW = Instant.parse("2031-06-15T04:00:00Z");

    @Inject
    Statistics statistics;

    @Inject
    MovableClock clock;

    @AfterEach
    void realTime() {
        clock.reset();
    }

    @Test
    void monthlyFiguresAreThoseOfTheLedgerWhateverIsWritten() {
        QuarkusTransaction.requiringNew().run(() -> {
            EntityManager em = LedgerEntry.getEntityManager();
            em.createNativeQuery("delete from ledger_entry where tracking_number like 'XM%'").executeUpdate();
            em.createNativeQuery("delete from historical_volume where jurisdiction like '3498%'").executeUpdate();
            // this test's places start from figures recomputed from the ledger, whatever an earlier run left (one
            // run with the trigger disabled, to see this test fail, leaves them wrong for good otherwise)
            em.createNativeQuery("delete from ledger_month where location_code like '3498%'").executeUpdate();
            em.createNativeQuery("insert into ledger_month select s.month, s.location_code, s.channel, s.category_code,"
                    + " sum(s.batches), sum(s.persons), sum(s.repeats), sum(s.decided_in_time), sum(s.accepted),"
                    + " sum(s.accepted_replied), sum(s.evaluated), sum(s.satisfied), sum(s.replied_in_time),"
                    + " sum(s.replied_with_due), sum(s.replied_late) from ledger_entry l, lateral ledger_month_of(l) s"
                    + " where l.location_code like '3498%' group by 1, 2, 3, 4").executeUpdate();
            // 400 cases over 2030 and the first half of 2031, three counties of one city, four channels and none,
            // three categories, every stage: open, accepted in time or late, not accepted, replied in time or late,
            // evaluated satisfied or not
            em.createNativeQuery("""
                    insert into ledger_entry (petition_id, tracking_number, status, category_code, location_code,
                        person_count, registered_at, received_on, updated_at, channel, is_repeat, acceptance_due_at,
                        handling_due_at, accepted_at, replied_at, closed_at, satisfied)
                    select gen_random_uuid(), 'XM' || lpad(g::text, 8, '0'), st, (array['land', 'wages', 'other'])[1 + g % 3],
                        (array['349801', '349802', '349811'])[1 + (g / 3) % 3], 1 + (g % 5 = 0)::int * (g % 9),
                        reg, (reg at time zone 'Asia/Shanghai')::date, reg,
                        (array['WALK_IN', 'LETTER', 'HOTLINE', 'ONLINE', null])[1 + g % 5], g % 4 = 0,
                        case when g % 11 <> 0 then reg + interval '15 days' end,
                        case when g % 13 <> 0 then reg + interval '60 days' end,
                        case when st not in ('ASSIGNED', 'NOT_ACCEPTED') then reg + (g % 20) * interval '1 day' end,
                        case when st in ('REPLIED', 'EVALUATED', 'FINAL', 'REVIEW_REQUESTED')
                             then reg + (30 + g % 50) * interval '1 day' end,
                        case when st in ('FINAL', 'NOT_ACCEPTED') then reg + (g % 25) * interval '1 day' end,
                        case when st = 'EVALUATED' then g % 3 <> 0 end
                    from (select g, timestamptz '2030-01-01 00:30+08' + ((g * 37) % 540) * interval '1 day'
                                 + (g % 24) * interval '1 hour' as reg,
                            (array['ASSIGNED', 'ACCEPTED', 'EXTENDED', 'REPLIED', 'EVALUATED', 'FINAL', 'NOT_ACCEPTED',
                                   'REVIEW_REQUESTED'])[1 + g % 8] as st
                          from generate_series(1, 400) g) s""").executeUpdate();
        });
        QuarkusTransaction.requiringNew().run(() -> {
            EntityManager em = LedgerEntry.getEntityManager();
            // decisions and replies
            em.createNativeQuery("update ledger_entry set status = 'ACCEPTED', accepted_at = registered_at + interval '20 days'"
                    + " where tracking_number like 'XM%' and status = 'ASSIGNED' and right(tracking_number, 1) in ('0', '8')").executeUpdate();
            em.createNativeQuery("update ledger_entry set status = 'REPLIED', replied_at = registered_at + interval '45 days'"
                    + " where tracking_number like 'XM%' and status = 'EXTENDED' and right(tracking_number, 1) in ('2', '6')").executeUpdate();
            em.createNativeQuery("update ledger_entry set status = 'EVALUATED', satisfied = false"
                    + " where tracking_number like 'XM%' and status = 'REPLIED' and right(tracking_number, 1) = '1'").executeUpdate();
            // a letter's receipt corrected into another month, a case moved to another county, a channel cleared
            em.createNativeQuery("update ledger_entry set received_on = received_on - 40"
                    + " where tracking_number like 'XM%' and right(tracking_number, 2) in ('07', '33')").executeUpdate();
            em.createNativeQuery("update ledger_entry set location_code = '349811'"
                    + " where tracking_number like 'XM%' and right(tracking_number, 2) in ('14', '52')").executeUpdate();
            em.createNativeQuery("update ledger_entry set channel = null, person_count = person_count + 2"
                    + " where tracking_number like 'XM%' and right(tracking_number, 2) in ('21', '68')").executeUpdate();
            // changes of no figure
            em.createNativeQuery("update ledger_entry set urge_count = urge_count + 1, version = version + 1"
                    + " where tracking_number like 'XM%' and right(tracking_number, 1) = '3'").executeUpdate();
            em.createNativeQuery("delete from ledger_entry where tracking_number like 'XM%' and right(tracking_number, 2) in ('05', '44', '99')")
                    .executeUpdate();
            // an import covering one county's February 2031: the registered petitions there give way to it
            Number importId = (Number) em.createNativeQuery("insert into volume_import (imported_by, jurisdiction, imported_at,"
                    + " file_sha256, file_bytes, line_count, inserted, replaced, unchanged) values ('ledger-month-test', '34',"
                    + " now(), repeat('0', 64), 1, 1, 1, 0, 0) returning id").getSingleResult();
            em.createNativeQuery("insert into historical_volume values ('2031-02-01', '349802', 'WALK_IN', 'other', 7, 9, :id)")
                    .setParameter("id", importId.longValue()).executeUpdate();
        });
        clock.moveTo(NOW);

        assertKeptEqualsRecomputed();
        List<Statistics.Window> windows = new ArrayList<>();
        for (String scope : List.of("34", "3498", "349801", "349802", "349811")) {
            for (String month : List.of("2031-01", "2031-02", "2031-03", "2031-05")) {
                windows.add(statistics.window("month", month, scope));
            }
            windows.add(statistics.window("year", "2031", scope));
            windows.add(statistics.window("year", "2030", scope));
        }
        int nonEmpty = 0;
        for (Statistics.Window w : windows) {
            Statistics.Volume volume = statistics.volume(w);
            Expected now = scan(w.from(), w.to(), w.scope());
            Expected before = scan(w.from().minusYears(1), w.to().minusYears(1), w.scope());
            String what = w.period() + " " + w.date() + " " + w.scope();
            assertEquals(now.total, volume.total(), what);
            assertEquals(now.byChannel, volume.byChannel(), what);
            assertEquals(now.byCategory, volume.byCategory(), what);
            assertEquals(now.repeats, volume.repeatBatches(), what);
            assertEquals(before.total, volume.previousYear(), what);
            Statistics.Performance p = statistics.performance(w);
            assertEquals(performanceScan(w.from(), w.to(), w.scope()), List.of(p.registered(), p.decided(), p.accepted(),
                    p.replied(), p.evaluated(), p.satisfied(), p.backlogOpen(), p.backlogResolved(),
                    String.valueOf(p.onTimeRatePercent())), what);
            if (volume.total().batches() > 0) {
                nonEmpty++;
            }
        }
        assertTrue(nonEmpty > 20, "the windows hold cases");
        // the day still reads the ledger, and agrees
        Statistics.Window day = statistics.window("day", "2031-02-11", "3498");
        assertEquals(scan(day.from(), day.to(), "3498").total, statistics.volume(day).total());
    }

    /** Every month × place × channel × category: the kept figures are those recomputed from the ledger now. */
    private static void assertKeptEqualsRecomputed() {
        QuarkusTransaction.requiringNew().run(() -> {
            String recomputed = "select s.month, s.location_code, s.channel, s.category_code, sum(s.batches) b, sum(s.persons) p,"
                    + " sum(s.repeats) r, sum(s.decided_in_time) d, sum(s.accepted) a, sum(s.accepted_replied) ar,"
                    + " sum(s.evaluated) e, sum(s.satisfied) s, sum(s.replied_in_time) rt, sum(s.replied_with_due) rd,"
                    + " sum(s.replied_late) rl from ledger_entry l, lateral ledger_month_of(l) s group by 1, 2, 3, 4";
            String kept = "select month, location_code, channel, category_code, batches, persons, repeats, decided_in_time,"
                    + " accepted, accepted_replied, evaluated, satisfied, replied_in_time, replied_with_due, replied_late"
                    + " from ledger_month where batches <> 0 or persons <> 0 or repeats <> 0 or decided_in_time <> 0"
                    + " or accepted <> 0 or accepted_replied <> 0 or evaluated <> 0 or satisfied <> 0 or replied_in_time <> 0"
                    + " or replied_with_due <> 0 or replied_late <> 0";
            Number differences = (Number) LedgerEntry.getEntityManager().createNativeQuery(
                    "select count(*) from ((" + recomputed + " except " + kept + ") union all (" + kept + " except "
                            + recomputed + ")) x").getSingleResult();
            assertEquals(0, differences.longValue(), "rows of ledger_month that differ from the ledger");
        });
    }

    private record Expected(Statistics.Count total, Map<String, Statistics.Count> byChannel,
                            Map<String, Statistics.Count> byCategory, long repeats) {
    }

    /** The volume scan over ledger_entry as Statistics made it before V20, imports authoritative where they exist. */
    private static Expected scan(LocalDate from, LocalDate to, String scope) {
        return QuarkusTransaction.requiringNew().call(() -> {
            @SuppressWarnings("unchecked")
            List<Object[]> rows = LedgerEntry.getEntityManager().createNativeQuery(
                            "with covered as (select distinct h.month, h.jurisdiction from historical_volume h"
                                    + "  where h.month >= :from and h.month < :to and h.jurisdiction like :scope"
                                    + "  and not exists (select 1 from historical_volume a where a.month = h.month and a.jurisdiction like :scope"
                                    + "    and a.jurisdiction <> h.jurisdiction and h.jurisdiction like a.jurisdiction || '%'))"
                                    + " select false, l.channel, l.category_code, count(*), coalesce(sum(l.person_count), 0),"
                                    + "  count(*) filter (where l.is_repeat) from ledger_entry l"
                                    + "  where l.received_on >= :from and l.received_on < :to and l.location_code like :scope"
                                    + "  and not exists (select 1 from covered c where c.month = l.received_on - (extract(day from l.received_on)::int - 1)"
                                    + "    and l.location_code like c.jurisdiction || '%')"
                                    + "  group by l.channel, l.category_code"
                                    + " union all"
                                    + " select true, h.channel, h.category_code, sum(h.batches), sum(h.person_times), 0"
                                    + "  from historical_volume h join covered c on c.month = h.month and c.jurisdiction = h.jurisdiction"
                                    + "  group by h.channel, h.category_code")
                    .setParameter("from", from).setParameter("to", to).setParameter("scope", scope + "%").getResultList();
            Map<String, Statistics.Count> byChannel = new TreeMap<>();
            Map<String, Statistics.Count> byCategory = new TreeMap<>();
            long batches = 0;
            long persons = 0;
            long repeats = 0;
            for (Object[] row : rows) {
                long b = ((Number) row[3]).longValue();
                long p = ((Number) row[4]).longValue();
                byChannel.merge(row[1] == null ? "UNKNOWN" : (String) row[1], new Statistics.Count(b, p), LedgerMonthTest::sum);
                byCategory.merge((String) row[2], new Statistics.Count(b, p), LedgerMonthTest::sum);
                batches += b;
                persons += p;
                repeats += ((Number) row[5]).longValue();
            }
            return new Expected(new Statistics.Count(batches, persons), byChannel, byCategory, repeats);
        });
    }

    private static Statistics.Count sum(Statistics.Count a, Statistics.Count b) {
        return new Statistics.Count(a.batches() + b.batches(), a.personTimes() + b.personTimes());
    }

    /** The performance scan over ledger_entry as before V20: registered, decided, ..., the on-time rate. */
    private static List<Object> performanceScan(LocalDate from, LocalDate to, String scope) {
        return QuarkusTransaction.requiringNew().call(() -> {
            Object[] row = (Object[]) LedgerEntry.getEntityManager().createNativeQuery(
                            "select count(*),"
                                    + " count(*) filter (where (accepted_at is not null and accepted_at <= acceptance_due_at)"
                                    + "   or (status = 'NOT_ACCEPTED' and closed_at <= acceptance_due_at)),"
                                    + " count(*) filter (where accepted_at is not null),"
                                    + " count(*) filter (where accepted_at is not null and replied_at is not null),"
                                    + " count(*) filter (where satisfied is not null),"
                                    + " count(*) filter (where satisfied),"
                                    + " count(*) filter (where status in ('ASSIGNED', 'ACCEPTED', 'EXTENDED', 'REVIEW_REQUESTED', 'RE_REVIEW_REQUESTED')"
                                    + "   and (case when status = 'ASSIGNED' then acceptance_due_at else handling_due_at end) < :now),"
                                    + " count(*) filter (where replied_at is not null and handling_due_at is not null and replied_at > handling_due_at),"
                                    + " round(100.0 * count(*) filter (where replied_at is not null and handling_due_at is not null"
                                    + "   and replied_at <= handling_due_at) / nullif(count(*) filter (where replied_at is not null"
                                    + "   and handling_due_at is not null), 0), 2)"
                                    + " from ledger_entry where received_on >= :from and received_on < :to and location_code like :scope")
                    .setParameter("from", from).setParameter("to", to).setParameter("scope", scope + "%")
                    .setParameter("now", OffsetDateTime.ofInstant(NOW, ZoneOffset.UTC)).getSingleResult();
            List<Object> figures = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                figures.add(((Number) row[i]).longValue());
            }
            figures.add(String.valueOf(row[8]));
            return figures;
        });
    }
}

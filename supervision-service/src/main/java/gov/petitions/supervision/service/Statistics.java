package gov.petitions.supervision.service;

import gov.petitions.platform.problem.ProblemException;
import gov.petitions.platform.time.ChinaTime;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The ledger's figures (read model): volume in batches and person-times (批次/人次) by period and jurisdiction with
 * the change on the year before, registered petitions and imported past figures ({@link HistoricalVolumes}) together,
 * and the performance rates. Periods are China's days; petitions are dated by the day they reached the bureau.
 */
@ApplicationScoped
public class Statistics {

    private final EntityManager entityManager;
    private final Clock clock;

    public Statistics(EntityManager entityManager, Clock clock) {
        this.entityManager = entityManager;
        this.clock = clock;
    }

    public record Count(long batches, long personTimes) {
    }

    /**
     * {@code total}, {@code byChannel}, {@code byCategory} and {@code previousYear} combine registered petitions and
     * imported past figures (see {@code tally}); {@code imported} and {@code previousYearImported} say how much of
     * each came from imports. Repeats are known only for registered petitions: {@code repeatSharePercent} is the
     * share among the registered batches counted.
     *
     * <p>A matter of many petitioners linked to one lead case (同一事项归并) counts as what it is: each of its cases a
     * batch (批次) with its persons (人次), as registered. {@code mergedMatters} is how many lead cases received in the
     * window lead a matter now, {@code linkedCases} how many cases received in the window are members of one.
     */
    public record Volume(String period, String date, String jurisdiction, Count total, Map<String, Count> byChannel,
                         Map<String, Count> byCategory, Count previousYear, BigDecimal batchesChangePercent, BigDecimal personTimesChangePercent,
                         long repeatBatches, BigDecimal repeatSharePercent, Count imported, Count previousYearImported,
                         long mergedMatters, long linkedCases) {
    }

    /**
     * Beijing 12345's three rates and the ledger's own: response (decided within the acceptance clock),
     * resolution (answered of accepted), satisfaction (satisfied of evaluated), on time (answered by the
     * handling deadline), and the backlog (积案: open past its deadline) with its resolution rate.
     */
    public record Performance(String period, String date, String jurisdiction, long registered, long decided,
                              BigDecimal responseRatePercent, long accepted, long replied,
                              BigDecimal resolutionRatePercent, long evaluated, long satisfied,
                              BigDecimal satisfactionRatePercent, BigDecimal onTimeRatePercent, long backlogOpen,
                              long backlogResolved, BigDecimal backlogResolutionRatePercent) {
    }

    /** The days of a period in China, [from, to), and the jurisdiction counted; {@code monthly}: imports count. */
    public record Window(String period, String date, LocalDate from, LocalDate to, String scope, boolean monthly) {
    }

    /** Batches and person-times of the window and of the same window a year before, by channel and by category. */
    @Transactional
    public Volume volume(Window window) {
        Tally now = tally(window.from(), window.to(), window.scope(), window.monthly());
        Tally before = tally(window.from().minusYears(1), window.to().minusYears(1), window.scope(), window.monthly());
        return new Volume(window.period(), window.date(), window.scope(), now.total(), now.byChannel, now.byCategory,
                before.total(), change(now.batches, before.batches), change(now.persons, before.persons), now.repeats,
                rate(now.repeats, now.registeredBatches), new Count(now.importedBatches, now.importedPersons),
                new Count(before.importedBatches, before.importedPersons), merged(window, "lead_id"),
                merged(window, "member_id"));
    }

    /** The registered cases of the window that lead a matter ({@code lead_id}) or are members of one ({@code member_id}). */
    private long merged(Window window, String side) {
        return ((Number) entityManager.createNativeQuery(
                        "select count(distinct l.petition_id) from ledger_entry l join case_link k on k." + side
                                + " = l.petition_id and k.unlinked_at is null"
                                + " where l.received_on >= :from and l.received_on < :to and l.location_code like :scope")
                .setParameter("from", window.from()).setParameter("to", window.to())
                .setParameter("scope", window.scope() + "%").getSingleResult()).longValue();
    }

    /** The figures of a window, registered and imported. */
    private static final class Tally {
        final Map<String, Count> byChannel = new TreeMap<>();
        final Map<String, Count> byCategory = new TreeMap<>();
        long batches;
        long persons;
        long repeats;
        long registeredBatches;
        long importedBatches;
        long importedPersons;

        Count total() {
            return new Count(batches, persons);
        }

        void add(boolean imported, String channel, String category, long b, long p, long r) {
            byChannel.merge(channel == null ? "UNKNOWN" : channel, new Count(b, p), Tally::sum);
            byCategory.merge(category == null ? "UNKNOWN" : category, new Count(b, p), Tally::sum);
            batches += b;
            persons += p;
            if (imported) {
                importedBatches += b;
                importedPersons += p;
            } else {
                registeredBatches += b;
                repeats += r;
            }
        }

        static Count sum(Count a, Count b) {
            return new Count(a.batches() + b.batches(), a.personTimes() + b.personTimes());
        }
    }

    /**
     * Registered petitions dated by the day they reached the bureau in China ({@code received_on}: a letter's receipt,
     * otherwise the registration's China date), and imported monthly figures where they exist. <b>Imported figures are
     * authoritative for the month and jurisdiction they cover</b>: for a month, the coarsest imported jurisdictions at or
     * below the requested one replace the registered petitions of their subtree (a finer import under an imported
     * jurisdiction is already in its figure). An import for a wider area than the one asked for cannot be divided, so
     * there the registered petitions count. Day figures are registered petitions only (imports are monthly).
     */
    private Tally tally(LocalDate from, LocalDate to, String scope, boolean withImports) {
        // registered petitions: whole months from the maintained monthly counts (V20), a day from the ledger itself
        String registered = wholeMonths(from, to)
                ? " select false, nullif(m.channel, ''), m.category_code, sum(m.batches), sum(m.persons), sum(m.repeats)"
                + "  from ledger_month m where m.month >= :from and m.month < :to and m.location_code like :scope"
                + "  and not exists (select 1 from covered c where c.month = m.month and m.location_code like c.jurisdiction || '%')"
                + "  group by m.channel, m.category_code having sum(m.batches) > 0"
                : " select false, l.channel, l.category_code, count(*), coalesce(sum(l.person_count), 0),"
                + "  count(*) filter (where l.is_repeat) from ledger_entry l"
                + "  where l.received_on >= :from and l.received_on < :to and l.location_code like :scope"
                + "  and not exists (select 1 from covered c where c.month = l.received_on - (extract(day from l.received_on)::int - 1)"
                + "    and l.location_code like c.jurisdiction || '%')"
                + "  group by l.channel, l.category_code";
        @SuppressWarnings("unchecked")
        List<Object[]> rows = entityManager.createNativeQuery(
                        "with covered as (select distinct h.month, h.jurisdiction from historical_volume h"
                                + "  where :imports and h.month >= :from and h.month < :to and h.jurisdiction like :scope"
                                + "  and not exists (select 1 from historical_volume a where a.month = h.month and a.jurisdiction like :scope"
                                + "    and a.jurisdiction <> h.jurisdiction and h.jurisdiction like a.jurisdiction || '%'))"
                                + registered
                                + " union all"
                                + " select true, h.channel, h.category_code, sum(h.batches), sum(h.person_times), 0"
                                + "  from historical_volume h join covered c on c.month = h.month and c.jurisdiction = h.jurisdiction"
                                + "  group by h.channel, h.category_code")
                .setParameter("imports", withImports).setParameter("from", from).setParameter("to", to)
                .setParameter("scope", scope + "%").getResultList();
        Tally tally = new Tally();
        for (Object[] row : rows) {
            tally.add((Boolean) row[0], (String) row[1], (String) row[2], ((Number) row[3]).longValue(),
                    ((Number) row[4]).longValue(), ((Number) row[5]).longValue());
        }
        return tally;
    }

    /**
     * A window of whole months (a month's or a year's) is read from {@code ledger_month}, which a trigger on the ledger
     * keeps in the same transaction as every ledger write (V20): a year reads one row per month × place × channel ×
     * category there instead of one per petition (a province's year at a million entries: a third of the ledger).
     */
    static boolean wholeMonths(LocalDate from, LocalDate to) {
        return from.getDayOfMonth() == 1 && to.getDayOfMonth() == 1 && from.isBefore(to);
    }

    /** The rates of the cases received in the window. */
    @Transactional
    public Performance performance(Window w) {
        // open or review requested and past its running deadline now: depends on the time, so never kept in
        // ledger_month; counted live (ledger_pending_received holds only the pending cases)
        String overdue = "status in ('ASSIGNED', 'ACCEPTED', 'EXTENDED', 'REVIEW_REQUESTED', 'RE_REVIEW_REQUESTED')"
                + " and (case when status = 'ASSIGNED' then acceptance_due_at else handling_due_at end) < :now";
        String window = " where received_on >= :from and received_on < :to and location_code like :scope";
        String sql = wholeMonths(w.from(), w.to())
                ? "select coalesce(sum(batches), 0), coalesce(sum(decided_in_time), 0), coalesce(sum(accepted), 0),"
                + " coalesce(sum(accepted_replied), 0), coalesce(sum(evaluated), 0), coalesce(sum(satisfied), 0),"
                + " coalesce(sum(replied_in_time), 0), coalesce(sum(replied_with_due), 0),"
                + " (select count(*) from ledger_entry" + window + " and " + overdue + "),"
                + " coalesce(sum(replied_late), 0)"
                + " from ledger_month where month >= :from and month < :to and location_code like :scope"
                : "select count(*),"
                + " count(*) filter (where (accepted_at is not null and accepted_at <= acceptance_due_at)"
                + "   or (status = 'NOT_ACCEPTED' and closed_at <= acceptance_due_at)),"
                + " count(*) filter (where accepted_at is not null),"
                + " count(*) filter (where accepted_at is not null and replied_at is not null),"
                + " count(*) filter (where satisfied is not null),"
                + " count(*) filter (where satisfied),"
                + " count(*) filter (where replied_at is not null and handling_due_at is not null and replied_at <= handling_due_at),"
                + " count(*) filter (where replied_at is not null and handling_due_at is not null),"
                + " count(*) filter (where " + overdue + "),"
                + " count(*) filter (where replied_at is not null and handling_due_at is not null and replied_at > handling_due_at)"
                + " from ledger_entry" + window;
        Object[] row = (Object[]) entityManager.createNativeQuery(sql)
                .setParameter("from", w.from()).setParameter("to", w.to()).setParameter("scope", w.scope() + "%")
                .setParameter("now", OffsetDateTime.now(clock))
                .getSingleResult();
        long[] n = new long[row.length];
        for (int i = 0; i < row.length; i++) {
            n[i] = ((Number) row[i]).longValue();
        }
        return new Performance(w.period(), w.date(), w.scope(), n[0], n[1], rate(n[1], n[0]), n[2], n[3], rate(n[3], n[2]),
                n[4], n[5], rate(n[5], n[4]), rate(n[6], n[7]), n[8], n[9], rate(n[9], n[8] + n[9]));
    }

    /**
     * Closure is not resolution. {@code closureRatePercent}: accepted cases with a written reply (办结率);
     * {@code resolutionRatePercent} (解决率): of the cases called back (the latest reached call-back of each), those the
     * petitioner said were resolved in fact; {@code satisfactionRatePercent}: satisfied or basically satisfied of those
     * called back. {@code closedNotResolved}: cases a call-back found not resolved after a reply, whatever became of
     * them. The petitioner's own online evaluations are counted apart. Cases received in the window, as
     * {@link Performance}.
     */
    public record CallBackFigures(String period, String date, String jurisdiction, long accepted, long closed,
                                  BigDecimal closureRatePercent, long calledBack, long resolvedInFact,
                                  BigDecimal resolutionRatePercent, long satisfied, long basicallySatisfied,
                                  long notSatisfied, BigDecimal satisfactionRatePercent, long unreachable,
                                  long reopened, long escalated, long closedNotResolved, long petitionerEvaluations,
                                  long petitionerSatisfied) {
    }

    /** The call-back figures of the cases received in the window. */
    @Transactional
    public CallBackFigures callBacks(Window w) {
        Object[] row = (Object[]) entityManager.createNativeQuery(
                        "select count(*) filter (where l.accepted_at is not null),"
                                + " count(*) filter (where l.accepted_at is not null and l.replied_at is not null),"
                                + " count(c.id),"
                                + " count(*) filter (where c.resolved),"
                                + " count(*) filter (where c.satisfaction = 'SATISFIED'),"
                                + " count(*) filter (where c.satisfaction = 'BASICALLY_SATISFIED'),"
                                + " count(*) filter (where c.satisfaction = 'NOT_SATISFIED'),"
                                + " count(*) filter (where exists (select 1 from call_back u where u.petition_id = l.petition_id"
                                + "   and u.outcome = 'UNREACHABLE')),"
                                + " coalesce(sum((select count(*) from call_back r where r.petition_id = l.petition_id"
                                + "   and r.outcome = 'REOPENED')), 0),"
                                + " coalesce(sum((select count(*) from call_back e where e.petition_id = l.petition_id"
                                + "   and e.outcome = 'ESCALATED')), 0),"
                                + " count(*) filter (where exists (select 1 from call_back n where n.petition_id = l.petition_id"
                                + "   and n.source = 'CALL_BACK' and n.resolved = false)),"
                                + " count(p.id),"
                                + " count(*) filter (where p.satisfaction = 'SATISFIED')"
                                + " from ledger_entry l"
                                + " left join lateral (select * from call_back c where c.petition_id = l.petition_id"
                                + "   and c.source = 'CALL_BACK' and c.reached order by c.recorded_at desc, c.id desc limit 1) c on true"
                                + " left join lateral (select * from call_back p where p.petition_id = l.petition_id"
                                + "   and p.source = 'PETITIONER' order by p.recorded_at desc, p.id desc limit 1) p on true"
                                + " where l.received_on >= :from and l.received_on < :to and l.location_code like :scope")
                .setParameter("from", w.from()).setParameter("to", w.to()).setParameter("scope", w.scope() + "%")
                .getSingleResult();
        long[] n = new long[row.length];
        for (int i = 0; i < row.length; i++) {
            n[i] = ((Number) row[i]).longValue();
        }
        return new CallBackFigures(w.period(), w.date(), w.scope(), n[0], n[1], rate(n[1], n[0]), n[2], n[3],
                rate(n[3], n[2]), n[4], n[5], n[6], rate(n[4] + n[5], n[2]), n[7], n[8], n[9], n[10], n[11], n[12]);
    }

    /** A case closed with a reply that a call-back then found not resolved in fact (办结未解决). */
    public record ClosedNotResolved(java.util.UUID petitionId, String trackingNumber, String status, String unitCode,
                                    String categoryCode, String locationCode, OffsetDateTime repliedAt,
                                    OffsetDateTime calledBackAt, String satisfaction, String outcome) {
    }

    public record ClosedNotResolvedPage(String period, String date, int page, int size, long total,
                                        List<ClosedNotResolved> items) {
    }

    /**
     * The cases received in the window that a call-back found not resolved in fact after a reply (the latest such
     * call of each): a list of cases, so the caller's scope and the recusal set are filtered in SQL as the queues do —
     * a supervisor's or leader's jurisdiction, a handler's unit (the unit whose reply it was), the province for an
     * auditor; never a case that recuses the caller.
     */
    @Transactional
    public ClosedNotResolvedPage closedNotResolved(gov.petitions.platform.security.CallerScope caller, Window w,
                                                   int page, int size) {
        StringBuilder where = new StringBuilder("l.received_on >= :from and l.received_on < :to");
        Map<String, Object> params = new java.util.HashMap<>();
        params.put("from", w.from());
        params.put("to", w.to());
        if (caller.has(gov.petitions.platform.security.Roles.HANDLER) && !caller.seesWholeProvince()
                && !caller.has(gov.petitions.platform.security.Roles.SUPERVISOR)
                && !caller.has(gov.petitions.platform.security.Roles.LEADER)) {
            String unit = caller.requireUnit();
            where.append(" and n.unit_code = :unit and l.accused_unit_codes is not null"
                    + " and not case_recuses(l.accused_unit_codes, :unit)");
            params.put("unit", unit);
        } else {
            where.append(" and l.location_code like :subtree and l.accused_unit_codes is not null"
                    + " and not case_recuses(l.accused_unit_codes, :jurisdiction)");
            params.put("subtree", w.scope() + "%");
            params.put("jurisdiction", caller.subtree());
        }
        String from = " from ledger_entry l join lateral (select * from call_back n where n.petition_id = l.petition_id"
                + " and n.source = 'CALL_BACK' and n.resolved = false order by n.recorded_at desc, n.id desc limit 1) n on true"
                + " where " + where;
        jakarta.persistence.Query count = entityManager.createNativeQuery("select count(*)" + from);
        jakarta.persistence.Query select = entityManager.createNativeQuery("select l.petition_id, l.tracking_number,"
                + " l.status, n.unit_code, l.category_code, l.location_code, n.reply_at, n.recorded_at, n.satisfaction,"
                + " n.outcome" + from + " order by n.recorded_at desc, l.petition_id");
        params.forEach((name, value) -> {
            count.setParameter(name, value);
            select.setParameter(name, value);
        });
        long total = ((Number) count.getSingleResult()).longValue();
        @SuppressWarnings("unchecked")
        List<Object[]> rows = select.setFirstResult(page * size).setMaxResults(size).getResultList();
        List<ClosedNotResolved> items = rows.stream().map(r -> new ClosedNotResolved(CallBacks.uuid(r[0]),
                (String) r[1], (String) r[2], (String) r[3], (String) r[4], (String) r[5], CallBacks.time(r[6]),
                CallBacks.time(r[7]), (String) r[8], (String) r[9])).toList();
        return new ClosedNotResolvedPage(w.period(), w.date(), page, size, total, items);
    }

    /** The period's days in China; without a date, the current day, month or year in China by the injected clock. */
    public Window window(String period, String date, String scope) {
        LocalDate today = LocalDate.now(clock.withZone(ChinaTime.CHINA));
        try {
            return switch (period) {
                case "day" -> {
                    LocalDate day = date == null || date.isBlank() ? today : LocalDate.parse(date);
                    yield new Window(period, day.toString(), day, day.plusDays(1), scope, false);
                }
                case "month" -> {
                    YearMonth month = date == null || date.isBlank() ? YearMonth.from(today) : YearMonth.parse(date);
                    yield new Window(period, month.toString(), month.atDay(1), month.atDay(1).plusMonths(1), scope, true);
                }
                default -> {
                    int year = date == null || date.isBlank() ? today.getYear() : Integer.parseInt(date.substring(0, 4));
                    LocalDate first = LocalDate.of(year, 1, 1);
                    yield new Window(period, String.valueOf(year), first, first.plusYears(1), scope, true);
                }
            };
        } catch (DateTimeParseException e) {
            throw ProblemException.badRequest("bad-date", "Date does not fit the period",
                    "For period=" + period + " give the date as " + switch (period) {
                        case "day" -> "YYYY-MM-DD";
                        case "month" -> "YYYY-MM";
                        default -> "YYYY";
                    });
        }
    }

    private static BigDecimal rate(long part, long whole) {
        return whole == 0 ? null : BigDecimal.valueOf(part).multiply(BigDecimal.valueOf(100))
                .divide(BigDecimal.valueOf(whole), 2, RoundingMode.HALF_UP);
    }

    /** Percentage change, two decimals, half-up (as the statistical bulletins print it); null without a base. */
    static BigDecimal change(long now, long before) {
        if (before == 0) {
            return null;
        }
        return BigDecimal.valueOf(now - before).multiply(BigDecimal.valueOf(100))
                .divide(BigDecimal.valueOf(before), 2, RoundingMode.HALF_UP);
    }
}

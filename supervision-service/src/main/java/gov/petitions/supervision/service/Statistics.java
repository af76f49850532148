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
     */
    public record Volume(String period, String date, String jurisdiction, Count total, Map<String, Count> byChannel,
                         Map<String, Count> byCategory, Count previousYear, BigDecimal batchesChangePercent, BigDecimal personTimesChangePercent,
                         long repeatBatches, BigDecimal repeatSharePercent, Count imported, Count previousYearImported) {
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
                new Count(before.importedBatches, before.importedPersons));
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
        @SuppressWarnings("unchecked")
        List<Object[]> rows = entityManager.createNativeQuery(
                        "with covered as (select distinct h.month, h.jurisdiction from historical_volume h"
                                + "  where :imports and h.month >= :from and h.month < :to and h.jurisdiction like :scope"
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
                .setParameter("imports", withImports).setParameter("from", from).setParameter("to", to)
                .setParameter("scope", scope + "%").getResultList();
        Tally tally = new Tally();
        for (Object[] row : rows) {
            tally.add((Boolean) row[0], (String) row[1], (String) row[2], ((Number) row[3]).longValue(),
                    ((Number) row[4]).longValue(), ((Number) row[5]).longValue());
        }
        return tally;
    }

    /** The rates of the cases received in the window. */
    @Transactional
    public Performance performance(Window w) {
        Object[] row = (Object[]) entityManager.createNativeQuery(
                        "select count(*),"
                                + " count(*) filter (where (accepted_at is not null and accepted_at <= acceptance_due_at)"
                                + "   or (status = 'NOT_ACCEPTED' and closed_at <= acceptance_due_at)),"
                                + " count(*) filter (where accepted_at is not null),"
                                + " count(*) filter (where accepted_at is not null and replied_at is not null),"
                                + " count(*) filter (where satisfied is not null),"
                                + " count(*) filter (where satisfied),"
                                + " count(*) filter (where replied_at is not null and handling_due_at is not null and replied_at <= handling_due_at),"
                                + " count(*) filter (where replied_at is not null and handling_due_at is not null),"
                                + " count(*) filter (where status in ('ASSIGNED', 'ACCEPTED', 'EXTENDED', 'REVIEW_REQUESTED', 'RE_REVIEW_REQUESTED')"
                                + "   and (case when status = 'ASSIGNED' then acceptance_due_at else handling_due_at end) < :now),"
                                + " count(*) filter (where replied_at is not null and handling_due_at is not null and replied_at > handling_due_at)"
                                + " from ledger_entry where received_on >= :from and received_on < :to and location_code like :scope")
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

package gov.petitions.supervision.rest;

import gov.petitions.platform.problem.ProblemException;
import gov.petitions.platform.security.Roles;
import gov.petitions.platform.time.ChinaTime;
import jakarta.annotation.security.RolesAllowed;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.Clock;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Volume in batches and person-times (批次/人次) by period and jurisdiction, with the change on the year before. */
@Path("/statistics")
@Tag(name = "Statistics")
@RolesAllowed({Roles.SUPERVISOR, Roles.LEADER, Roles.AUDITOR})
public class StatisticsResource {

    private final EntityManager entityManager;
    private final Caller caller;
    private final Clock clock;

    public StatisticsResource(EntityManager entityManager, Caller caller, Clock clock) {
        this.entityManager = entityManager;
        this.caller = caller;
        this.clock = clock;
    }

    public record Count(long batches, long personTimes) {
    }

    /**
     * {@code total}, {@code byChannel}, {@code byCategory} and {@code previousYear} combine registered petitions and
     * imported past figures (see {@link #volume}); {@code imported} and {@code previousYearImported} say how much of
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

    private record Window(String date, LocalDate from, LocalDate to, String scope, boolean monthly) {
    }

    @GET
    @Path("volume")
    @Produces(MediaType.APPLICATION_JSON)
    @Transactional
    @Operation(summary = "Batches and person-times of a day, month or year (by default the current one in China), by channel "
            + "and by category, with year-on-year change; registered petitions and imported past figures together")
    public Volume volume(@QueryParam("period") @NotBlank @Pattern(regexp = "^(day|month|year)$") String period,
                         @QueryParam("date") @Pattern(regexp = "^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$") String date,
                         @QueryParam("jurisdiction") @Pattern(regexp = "^34[0-9]{0,7}$") String jurisdiction) {
        Window window = window(period, date, jurisdiction);
        Tally now = tally(window.from(), window.to(), window.scope(), window.monthly());
        Tally before = tally(window.from().minusYears(1), window.to().minusYears(1), window.scope(), window.monthly());
        return new Volume(period, window.date(), window.scope(), now.total(), now.byChannel, now.byCategory, before.total(),
                change(now.batches, before.batches), change(now.persons, before.persons), now.repeats,
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

    @GET
    @Path("volume")
    @Produces("text/csv")
    @Transactional
    public String volumeCsv(@QueryParam("period") @NotBlank @Pattern(regexp = "^(day|month|year)$") String period,
                            @QueryParam("date") @Pattern(regexp = "^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$") String date,
                            @QueryParam("jurisdiction") @Pattern(regexp = "^34[0-9]{0,7}$") String jurisdiction) {
        Volume v = volume(period, date, jurisdiction);
        StringBuilder csv = new StringBuilder("period,date,jurisdiction,channel,batches,person_times\n");
        v.byChannel().forEach((channel, count) -> csv.append(String.join(",", period, v.date(), v.jurisdiction(), channel,
                String.valueOf(count.batches()), String.valueOf(count.personTimes()))).append('\n'));
        csv.append(String.join(",", period, v.date(), v.jurisdiction(), "TOTAL", String.valueOf(v.total().batches()),
                String.valueOf(v.total().personTimes()))).append('\n');
        return csv.toString();
    }

    @GET
    @Path("performance")
    @Produces(MediaType.APPLICATION_JSON)
    @Transactional
    @Operation(summary = "Response, resolution, satisfaction and on-time rates and the backlog, for cases received in the period (China's dates)")
    public Performance performance(@QueryParam("period") @NotBlank @Pattern(regexp = "^(day|month|year)$") String period,
                                   @QueryParam("date") @Pattern(regexp = "^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$") String date,
                                   @QueryParam("jurisdiction") @Pattern(regexp = "^34[0-9]{0,7}$") String jurisdiction) {
        Window w = window(period, date, jurisdiction);
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
        return new Performance(period, w.date(), w.scope(), n[0], n[1], rate(n[1], n[0]), n[2], n[3], rate(n[3], n[2]),
                n[4], n[5], rate(n[5], n[4]), rate(n[6], n[7]), n[8], n[9], rate(n[9], n[8] + n[9]));
    }

    /** The period's days in China; without a date, the current day, month or year in China by the injected clock. */
    private Window window(String period, String date, String jurisdiction) {
        // counts only, so a subtree's figures include the cases that recuse the caller (counts yes, case lists no);
        // no usable jurisdiction is a 403, never the province, and the figures stop at the edge of the caller's own
        String scope = caller.scope().subtree(jurisdiction);
        LocalDate today = LocalDate.now(clock.withZone(ChinaTime.CHINA));
        try {
            return switch (period) {
                case "day" -> {
                    LocalDate day = date == null || date.isBlank() ? today : LocalDate.parse(date);
                    yield new Window(day.toString(), day, day.plusDays(1), scope, false);
                }
                case "month" -> {
                    YearMonth month = date == null || date.isBlank() ? YearMonth.from(today) : YearMonth.parse(date);
                    yield new Window(month.toString(), month.atDay(1), month.atDay(1).plusMonths(1), scope, true);
                }
                default -> {
                    int year = date == null || date.isBlank() ? today.getYear() : Integer.parseInt(date.substring(0, 4));
                    LocalDate first = LocalDate.of(year, 1, 1);
                    yield new Window(String.valueOf(year), first, first.plusYears(1), scope, true);
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

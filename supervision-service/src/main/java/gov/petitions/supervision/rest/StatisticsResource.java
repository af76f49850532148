package gov.petitions.supervision.rest;

import gov.petitions.platform.problem.ProblemException;
import gov.petitions.platform.security.Roles;
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
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Volume in batches and person-times (批次/人次) by period and jurisdiction, with the change on the year before. */
@Path("/statistics")
@Tag(name = "Statistics")
@RolesAllowed({Roles.SUPERVISOR, Roles.LEADER, Roles.AUDITOR})
public class StatisticsResource {

    private static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");

    private final EntityManager entityManager;
    private final Caller caller;

    public StatisticsResource(EntityManager entityManager, Caller caller) {
        this.entityManager = entityManager;
        this.caller = caller;
    }

    public record Count(long batches, long personTimes) {
    }

    public record Volume(String period, String date, String jurisdiction, Count total, Map<String, Count> byChannel,
                         Map<String, Count> byCategory, Count previousYear, BigDecimal batchesChangePercent, BigDecimal personTimesChangePercent,
                         long repeatBatches, BigDecimal repeatSharePercent) {
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

    private record Window(LocalDate from, LocalDate to, String scope) {
    }

    @GET
    @Path("volume")
    @Produces(MediaType.APPLICATION_JSON)
    @Transactional
    @Operation(summary = "Batches and person-times of a day, month or year, by channel and by category, with year-on-year change")
    public Volume volume(@QueryParam("period") @NotBlank @Pattern(regexp = "^(day|month|year)$") String period,
                         @QueryParam("date") @NotBlank @Pattern(regexp = "^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$") String date,
                         @QueryParam("jurisdiction") @Pattern(regexp = "^34[0-9]{0,7}$") String jurisdiction) {
        Window window = window(period, date, jurisdiction);
        LocalDate from = window.from();
        LocalDate to = window.to();
        String scope = window.scope();
        Map<String, Count> byChannel = new TreeMap<>();
        long batches = 0;
        long persons = 0;
        for (Object[] row : counts(from, to, scope)) {
            Count count = new Count(((Number) row[1]).longValue(), ((Number) row[2]).longValue());
            byChannel.put(row[0] == null ? "UNKNOWN" : row[0].toString(), count);
            batches += count.batches();
            persons += count.personTimes();
        }
        long previousBatches = 0;
        long previousPersons = 0;
        for (Object[] row : counts(from.minusYears(1), to.minusYears(1), scope)) {
            previousBatches += ((Number) row[1]).longValue();
            previousPersons += ((Number) row[2]).longValue();
        }
        long repeats = ((Number) entityManager.createNativeQuery(
                        "select count(*) from ledger_entry where is_repeat and registered_at >= :from and registered_at < :to "
                                + "and location_code like :scope")
                .setParameter("from", start(from)).setParameter("to", start(to)).setParameter("scope", scope + "%")
                .getSingleResult()).longValue();
        Map<String, Count> byCategory = new TreeMap<>();
        @SuppressWarnings("unchecked")
        List<Object[]> categories = entityManager.createNativeQuery(
                        "select category_code, count(*), coalesce(sum(person_count), 0) from ledger_entry "
                                + "where registered_at >= :from and registered_at < :to and location_code like :scope "
                                + "group by category_code")
                .setParameter("from", start(from)).setParameter("to", start(to)).setParameter("scope", scope + "%")
                .getResultList();
        for (Object[] row : categories) {
            byCategory.put(row[0] == null ? "UNKNOWN" : row[0].toString(),
                    new Count(((Number) row[1]).longValue(), ((Number) row[2]).longValue()));
        }
        return new Volume(period, date, scope, new Count(batches, persons), byChannel, byCategory,
                new Count(previousBatches, previousPersons), change(batches, previousBatches),
                change(persons, previousPersons), repeats, rate(repeats, batches));
    }

    @GET
    @Path("volume")
    @Produces("text/csv")
    @Transactional
    public String volumeCsv(@QueryParam("period") @NotBlank @Pattern(regexp = "^(day|month|year)$") String period,
                            @QueryParam("date") @NotBlank @Pattern(regexp = "^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$") String date,
                            @QueryParam("jurisdiction") @Pattern(regexp = "^34[0-9]{0,7}$") String jurisdiction) {
        Volume v = volume(period, date, jurisdiction);
        StringBuilder csv = new StringBuilder("period,date,jurisdiction,channel,batches,person_times\n");
        v.byChannel().forEach((channel, count) -> csv.append(String.join(",", period, date, v.jurisdiction(), channel,
                String.valueOf(count.batches()), String.valueOf(count.personTimes()))).append('\n'));
        csv.append(String.join(",", period, date, v.jurisdiction(), "TOTAL", String.valueOf(v.total().batches()),
                String.valueOf(v.total().personTimes()))).append('\n');
        return csv.toString();
    }

    @GET
    @Path("performance")
    @Produces(MediaType.APPLICATION_JSON)
    @Transactional
    @Operation(summary = "Response, resolution, satisfaction and on-time rates and the backlog, for cases registered in the period")
    public Performance performance(@QueryParam("period") @NotBlank @Pattern(regexp = "^(day|month|year)$") String period,
                                   @QueryParam("date") @NotBlank @Pattern(regexp = "^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$") String date,
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
                                + "   and (case when status = 'ASSIGNED' then acceptance_due_at else handling_due_at end) < now()),"
                                + " count(*) filter (where replied_at is not null and handling_due_at is not null and replied_at > handling_due_at)"
                                + " from ledger_entry where registered_at >= :from and registered_at < :to and location_code like :scope")
                .setParameter("from", start(w.from())).setParameter("to", start(w.to())).setParameter("scope", w.scope() + "%")
                .getSingleResult();
        long[] n = new long[row.length];
        for (int i = 0; i < row.length; i++) {
            n[i] = ((Number) row[i]).longValue();
        }
        return new Performance(period, date, w.scope(), n[0], n[1], rate(n[1], n[0]), n[2], n[3], rate(n[3], n[2]),
                n[4], n[5], rate(n[5], n[4]), rate(n[6], n[7]), n[8], n[9], rate(n[9], n[8] + n[9]));
    }

    private Window window(String period, String date, String jurisdiction) {
        // counts only, so a subtree's figures include the cases that recuse the caller (counts yes, case lists no);
        // no usable jurisdiction is a 403, never the province, and the figures stop at the edge of the caller's own
        String scope = caller.scope().subtree(jurisdiction);
        try {
            return switch (period) {
                case "day" -> new Window(LocalDate.parse(date), LocalDate.parse(date).plusDays(1), scope);
                case "month" -> new Window(YearMonth.parse(date).atDay(1), YearMonth.parse(date).atDay(1).plusMonths(1), scope);
                default -> {
                    LocalDate first = LocalDate.of(Integer.parseInt(date.substring(0, 4)), 1, 1);
                    yield new Window(first, first.plusYears(1), scope);
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

    private static OffsetDateTime start(LocalDate day) {
        return OffsetDateTime.of(day.atStartOfDay(), CHINA.getRules().getOffset(day.atStartOfDay()));
    }

    private static BigDecimal rate(long part, long whole) {
        return whole == 0 ? null : BigDecimal.valueOf(part).multiply(BigDecimal.valueOf(100))
                .divide(BigDecimal.valueOf(whole), 2, RoundingMode.HALF_UP);
    }

    @SuppressWarnings("unchecked")
    private List<Object[]> counts(LocalDate from, LocalDate to, String jurisdiction) {
        return entityManager.createNativeQuery(
                        "select channel, count(*), coalesce(sum(person_count), 0) from ledger_entry "
                                + "where registered_at >= :from and registered_at < :to and location_code like :scope "
                                + "group by channel")
                .setParameter("from", OffsetDateTime.of(from.atStartOfDay(), CHINA.getRules().getOffset(from.atStartOfDay())))
                .setParameter("to", OffsetDateTime.of(to.atStartOfDay(), CHINA.getRules().getOffset(to.atStartOfDay())))
                .setParameter("scope", jurisdiction + "%")
                .getResultList();
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

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
                         Count previousYear, BigDecimal batchesChangePercent, BigDecimal personTimesChangePercent) {
    }

    @GET
    @Path("volume")
    @Produces(MediaType.APPLICATION_JSON)
    @Transactional
    @Operation(summary = "Batches and person-times of a day, month or year, by channel, with year-on-year change")
    public Volume volume(@QueryParam("period") @NotBlank @Pattern(regexp = "^(day|month|year)$") String period,
                         @QueryParam("date") @NotBlank @Pattern(regexp = "^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$") String date,
                         @QueryParam("jurisdiction") @Pattern(regexp = "^34[0-9]{0,7}$") String jurisdiction) {
        String own = caller.statisticsScope();
        String scope = jurisdiction == null ? own : jurisdiction;
        if (!scope.startsWith(own)) {
            // a supervisor's figures stop at the edge of their jurisdiction; say so rather than pretend it is empty
            throw new ProblemException(gov.petitions.platform.problem.Problem.of("outside-jurisdiction",
                    "Outside your jurisdiction", 403, "Your jurisdiction is " + own));
        }
        LocalDate from;
        LocalDate to;
        try {
            switch (period) {
                case "day" -> {
                    from = LocalDate.parse(date);
                    to = from.plusDays(1);
                }
                case "month" -> {
                    from = YearMonth.parse(date).atDay(1);
                    to = from.plusMonths(1);
                }
                default -> {
                    from = LocalDate.of(Integer.parseInt(date.substring(0, 4)), 1, 1);
                    to = from.plusYears(1);
                }
            }
        } catch (DateTimeParseException e) {
            throw ProblemException.badRequest("bad-date", "Date does not fit the period",
                    "For period=" + period + " give the date as " + switch (period) {
                        case "day" -> "YYYY-MM-DD";
                        case "month" -> "YYYY-MM";
                        default -> "YYYY";
                    });
        }
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
        return new Volume(period, date, scope, new Count(batches, persons), byChannel,
                new Count(previousBatches, previousPersons), change(batches, previousBatches),
                change(persons, previousPersons));
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

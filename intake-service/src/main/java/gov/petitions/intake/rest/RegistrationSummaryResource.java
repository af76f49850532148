package gov.petitions.intake.rest;

import gov.petitions.platform.problem.ProblemException;
import gov.petitions.platform.province.InProvince;
import gov.petitions.platform.security.CallerScope;
import gov.petitions.platform.security.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the desks registered (登记量), in batches and person-times (批次/人次) by channel: the desk's own daily
 * figures. The statistics of record (year on year, backlog, rates) are supervision's.
 */
@Path("/registrations/summary")
@Tag(name = "Petitions (staff)")
@Produces(MediaType.APPLICATION_JSON)
public class RegistrationSummaryResource {

    private final EntityManager entityManager;
    private final ZoneId zone;

    private final SecurityIdentity identity;

    public RegistrationSummaryResource(EntityManager entityManager, java.time.Clock clock, SecurityIdentity identity) {
        this.entityManager = entityManager;
        this.identity = identity;
        this.zone = clock.getZone(); // China's: a day of registrations is a day in China
    }

    public record Counts(long batches, long persons) {
    }

    public record Summary(LocalDate from, LocalDate to, String location, long batches, long persons,
                          long groupBatches, long repeatBatches, Map<String, Counts> byChannel) {
    }

    @GET
    @RolesAllowed({Roles.CLERK, Roles.SUPERVISOR, Roles.LEADER, Roles.AUDITOR})
    @Transactional
    @Operation(summary = "Batches and person-times registered from one day to another (both included), by channel; "
            + "the caller's jurisdiction, or a part of it (location); 403 beyond it or without a jurisdiction")
    public Summary summary(@QueryParam("from") @NotNull LocalDate from, @QueryParam("to") @NotNull LocalDate to,
                           @QueryParam("location") @Pattern(regexp = InProvince.ANY_LEVEL,
                                   message = "must be a division code: the province (2 digits), a city (4), a county (6) or a township (9)") @InProvince String location) {
        if (to.isBefore(from) || to.isAfter(from.plusYears(5))) {
            throw ProblemException.badRequest("invalid-period", "Invalid period", "'to' must be on or after 'from', at most 5 years later");
        }
        // counts only, never a list of cases: recused petitions are counted like the others (issue #16)
        String subtree = CallerScope.of(identity).subtree(location);
        @SuppressWarnings("unchecked")
        List<Object[]> rows = entityManager.createNativeQuery("select channel, count(*), coalesce(sum(person_count), 0), "
                        + "count(*) filter (where person_count >= 5), count(*) filter (where repeat_of is not null) "
                        + "from petition where registered_at >= :from and registered_at < :to and location_code like :location "
                        + "group by channel order by channel")
                .setParameter("from", from.atStartOfDay(zone).toOffsetDateTime())
                .setParameter("to", to.plusDays(1).atStartOfDay(zone).toOffsetDateTime())
                .setParameter("location", subtree + "%")
                .getResultList();
        Map<String, Counts> byChannel = new LinkedHashMap<>();
        long batches = 0, persons = 0, groups = 0, repeats = 0;
        for (Object[] row : rows) {
            Counts counts = new Counts(((Number) row[1]).longValue(), ((Number) row[2]).longValue());
            byChannel.put((String) row[0], counts);
            batches += counts.batches();
            persons += counts.persons();
            groups += ((Number) row[3]).longValue();
            repeats += ((Number) row[4]).longValue();
        }
        return new Summary(from, to, subtree, batches, persons, groups, repeats, byChannel);
    }
}

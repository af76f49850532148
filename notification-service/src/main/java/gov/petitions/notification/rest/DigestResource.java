package gov.petitions.notification.rest;

import gov.petitions.notification.service.OverdueDigest;
import gov.petitions.platform.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.LocalDate;

@Path("/digests/overdue")
@Tag(name = "Digests")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
public class DigestResource {

    private final OverdueDigest digest;
    private final java.time.Clock clock;

    public DigestResource(OverdueDigest digest, java.time.Clock clock) {
        this.clock = clock;
        this.digest = digest;
    }

    public record DigestRun(LocalDate date, int jurisdictions) {
    }

    @POST
    @Operation(summary = "Send today's overdue digest now (sent at most once a day per jurisdiction and recipient)")
    public DigestRun run(@QueryParam("date") LocalDate date) {
        LocalDate day = date == null ? LocalDate.now(clock.withZone(gov.petitions.platform.time.ChinaTime.CHINA)) : date;
        return new DigestRun(day, digest.send(day));
    }
}

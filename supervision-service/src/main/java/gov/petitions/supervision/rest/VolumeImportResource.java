package gov.petitions.supervision.rest;

import gov.petitions.platform.problem.Problem;
import gov.petitions.platform.problem.ProblemException;
import gov.petitions.platform.security.CallerScope;
import gov.petitions.platform.security.Roles;
import gov.petitions.supervision.service.HistoricalVolumes;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.nio.charset.Charset;
import java.util.List;

/**
 * An admin's import of past monthly figures (CSV) for the jurisdiction of their token, and the list of imports.
 * Fails closed: an admin without a well-formed jurisdiction claim imports and sees nothing (403).
 */
@Path("/statistics/imports")
@Tag(name = "Statistics")
@RolesAllowed(Roles.ADMIN)
public class VolumeImportResource {

    private final HistoricalVolumes volumes;
    private final Caller caller;

    public VolumeImportResource(HistoricalVolumes volumes, Caller caller) {
        this.volumes = volumes;
        this.caller = caller;
    }

    @POST
    // any type reaches the method, so that authorization comes first and a wrong type is a problem+json 415
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Import past monthly figures (text/csv: month,jurisdiction,channel,category,batches,persons); "
            + "all or nothing, re-importing a key replaces its figures")
    public HistoricalVolumes.Result importFigures(@HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, byte[] body) {
        String scope = adminJurisdiction();
        MediaType type;
        try {
            type = contentType == null ? null : MediaType.valueOf(contentType);
        } catch (IllegalArgumentException e) {
            type = null;
        }
        if (type == null || !"text".equals(type.getType()) || !"csv".equals(type.getSubtype())) {
            throw new ProblemException(Problem.of("unsupported-media-type", "Send the figures as CSV", 415,
                    "Content-Type must be text/csv (UTF-8 unless a charset says otherwise); columns "
                            + String.join(",", HistoricalVolumes.COLUMNS)));
        }
        Charset charset;
        try {
            charset = Charset.forName(type.getParameters().getOrDefault("charset", "UTF-8"));
        } catch (IllegalArgumentException e) {
            throw new ProblemException(Problem.of("unsupported-media-type", "Unknown character set", 415,
                    "Send the CSV in UTF-8 (or name a known charset, e.g. GB18030)"));
        }
        return volumes.importCsv(body == null ? new byte[0] : body, charset, scope, caller.scope().subject());
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The imports of admins within your jurisdiction, newest first: who, when, how many, the file's SHA-256")
    public Imports imports(@QueryParam("limit") @DefaultValue("50") @Min(1) @Max(500) int limit) {
        return new Imports(volumes.imports(adminJurisdiction(), limit));
    }

    public record Imports(List<HistoricalVolumes.Result> imports) {
    }

    private String adminJurisdiction() {
        CallerScope scope = caller.scope();
        return scope.jurisdiction().filter(j -> scope.has(Roles.ADMIN))
                .orElseThrow(() -> new ProblemException(Problem.of("no-jurisdiction", "No jurisdiction", 403,
                        "Your token names no jurisdiction; an admin imports figures only for their own jurisdiction")));
    }
}

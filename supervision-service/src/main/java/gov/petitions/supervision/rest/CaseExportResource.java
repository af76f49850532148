package gov.petitions.supervision.rest;

import gov.petitions.platform.security.Roles;
import gov.petitions.supervision.service.CaseExport;
import gov.petitions.supervision.service.CaseQueue;
import io.quarkus.logging.Log;
import io.vertx.core.http.HttpServerResponse;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * The export of a queue as CSV or XLSX (导出): the queue's filters and scope ({@code GET /cases/queue}), every row
 * instead of a page, streamed. The rules and the audit are {@link CaseExport}'s; this translates.
 */
@Path("/cases")
@Tag(name = "Cases (units)")
public class CaseExportResource {

    static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    private final CaseExport export;
    private final Caller caller;

    public CaseExportResource(CaseExport export, Caller caller) {
        this.export = export;
        this.caller = caller;
    }

    @GET
    @Path("export")
    @RolesAllowed({Roles.HANDLER, Roles.SUPERVISOR, Roles.LEADER})
    @Operation(summary = "Export my queue under the queue's filters as CSV (UTF-8 with BOM) or XLSX with Chinese headers, "
            + "streamed; free texts masked unless personalData=true with a purpose (supervisor, leader); every export audited")
    @APIResponse(responseCode = "200", description = "The file, written as the rows are read",
            content = {@Content(mediaType = "text/csv"), @Content(mediaType = XLSX)})
    public Response export(@QueryParam("format") @DefaultValue("csv") @Pattern(regexp = "^(csv|xlsx)$") String format,
                           @QueryParam("status") @Pattern(regexp = "^[A-Z_]{4,24}$") String status,
                           @QueryParam("overdue") Boolean overdue,
                           @QueryParam("category") @Pattern(regexp = "^[a-z][a-z0-9-]{1,39}$") String category,
                           @QueryParam("level") @Pattern(regexp = "^(PROVINCE|CITY|COUNTY|TOWNSHIP)$") String level,
                           @QueryParam("repeat") Boolean repeat,
                           @QueryParam("leaderReceived") Boolean leaderReceived,
                           @QueryParam("urgency") @Pattern(regexp = "^(URGENT_SPECIAL|URGENT|NORMAL)$") String urgency,
                           @QueryParam("personalData") @DefaultValue("false") boolean personalData,
                           @QueryParam("purpose") @Size(max = 200) @Pattern(regexp = CallBackResource.PLAIN_TEXT) String purpose,
                           @Context HttpServerResponse response) {
        CaseExport.Format kind = CaseExport.Format.valueOf(format.toUpperCase());
        // everything that can be refused is refused here, as problem+json, before the first byte of the file
        CaseExport.Started started = export.start(caller.scope(),
                new CaseQueue.Filter(status, overdue, category, level, repeat, leaderReceived, urgency), kind, personalData, purpose);
        StreamingOutput body = out -> {
            try {
                export.write(started, out, response::closed);
            } catch (CaseExport.ClientGone e) {
                // a cancelled download: on record as FAILED with the rows read, and nobody left to answer
                Log.infof("export %d: %s", started.id(), e.getMessage());
            }
        };
        String name = started.fileName();
        String chinese = "台账导出-" + name.substring("cases-".length());
        return Response.ok(body, kind == CaseExport.Format.XLSX ? XLSX : "text/csv; charset=UTF-8")
                .header("Content-Disposition", "attachment; filename=\"" + name + "\"; filename*=UTF-8''"
                        + URLEncoder.encode(chinese, StandardCharsets.UTF_8).replace("+", "%20"))
                .header("Export-Id", started.id())
                .header("Cache-Control", "no-store")
                .build();
    }
}

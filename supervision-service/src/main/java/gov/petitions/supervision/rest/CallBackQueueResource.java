package gov.petitions.supervision.rest;

import gov.petitions.platform.security.Roles;
import gov.petitions.supervision.service.CallBacks;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;

/** The bureau's call-back queue (回访): the replies to call back, least time left first. */
@Path("/call-backs")
@Tag(name = "Call-backs (回访)")
@Produces(MediaType.APPLICATION_JSON)
public class CallBackQueueResource {

    private final CallBacks callBacks;
    private final Caller caller;

    public CallBackQueueResource(CallBacks callBacks, Caller caller) {
        this.callBacks = callBacks;
        this.caller = caller;
    }

    public record QueuePage(String state, int page, int size, long total, List<CallBacks.Task> items) {
    }

    @GET
    @RolesAllowed({Roles.SUPERVISOR, Roles.CLERK, Roles.HANDLER})
    @Operation(summary = "Call-backs due (state=due, least time left first), given up (unreachable) or done, in my "
            + "jurisdiction (supervisor, clerk) or of my unit (handler); never a case that recuses me")
    public QueuePage queue(@QueryParam("state") @DefaultValue("due") @Pattern(regexp = "^(due|unreachable|done)$") String state,
                           @QueryParam("category") @Pattern(regexp = "^[a-z][a-z0-9-]{1,39}$") String category,
                           @QueryParam("page") @DefaultValue("0") @Min(0) int page,
                           @QueryParam("size") @DefaultValue("20") @Min(1) @Max(200) int size) {
        CallBacks.Page found = callBacks.queue(caller.scope(), state, category, page, size);
        return new QueuePage(state, page, size, found.total(), found.items());
    }
}

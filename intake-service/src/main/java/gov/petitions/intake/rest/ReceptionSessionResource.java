package gov.petitions.intake.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import gov.petitions.intake.Channel;
import gov.petitions.intake.reception.ReceptionSession;
import gov.petitions.intake.reception.ReceptionSessions;
import gov.petitions.intake.reception.SessionRequests;
import gov.petitions.intake.reception.SessionRequests.NewSession;
import gov.petitions.intake.reception.SessionViews.SessionView;
import gov.petitions.intake.reception.SessionViews.TicketView;
import gov.petitions.intake.service.DivisionCatalog;
import gov.petitions.intake.service.IdempotencyKeys;
import gov.petitions.intake.service.NewPetition;
import gov.petitions.intake.service.PetitionRegistration;
import gov.petitions.platform.province.InProvince;
import gov.petitions.platform.security.CallerScope;
import gov.petitions.platform.security.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.transaction.Transactional;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;
import java.util.UUID;

/**
 * Public reception sessions (公开接访) for staff: supervisors plan and announce them; on the day the reception
 * desk opens the session, hands out tickets, calls visitors to desks, registers their petitions and closes.
 */
@Path("/reception-sessions")
@Tag(name = "Reception sessions (staff)")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ReceptionSessionResource {

    private final ReceptionSessions sessions;
    private final PetitionRegistration registration;
    private final IdempotencyKeys idempotency;
    private final DivisionCatalog divisions;
    private final ObjectMapper mapper;
    private final SecurityIdentity identity;

    public ReceptionSessionResource(ReceptionSessions sessions, PetitionRegistration registration,
                                    IdempotencyKeys idempotency, DivisionCatalog divisions, ObjectMapper mapper,
                                    SecurityIdentity identity) {
        this.identity = identity;
        this.sessions = sessions;
        this.registration = registration;
        this.idempotency = idempotency;
        this.divisions = divisions;
        this.mapper = mapper;
    }

    @POST
    @RolesAllowed(Roles.SUPERVISOR)
    @Transactional
    @Operation(summary = "Plan a reception session (draft): leader, level, venue, county, day, time, desks and staff; "
            + "at most intake.reception.max-desks desks (60 by default; 400 too-many-desks above)")
    public Response create(@Valid @NotNull NewSession body, @HeaderParam(IdempotencyKeys.HEADER) String key,
                           SecurityContext security) {
        CallerScope.of(identity).subtree(body.countyCode());
        return IdempotentResponses.of(idempotency.once(IdempotentResponses.scope(security, "POST /reception-sessions"),
                key, body, () -> {
                    ReceptionSession session = sessions.create(body, security.getUserPrincipal().getName());
                    return new IdempotencyKeys.Outcome(201, "/reception-sessions/" + session.id, IdempotentResponses.json(mapper, view(session)));
                }, replay -> replay));
    }

    @GET
    @RolesAllowed({Roles.CLERK, Roles.SUPERVISOR, Roles.LEADER, Roles.AUDITOR})
    @Transactional
    @Operation(summary = "Sessions of every state (drafts too) in a county or city from a day on (default today), soonest first")
    public List<SessionView> list(@jakarta.ws.rs.QueryParam("county") @jakarta.validation.constraints.Pattern(
                                          regexp = InProvince.UP_TO_COUNTY, message = "must be a division code: the province (2 digits), a city (4) or a county (6)")
                                  @InProvince String county,
                                  @jakarta.ws.rs.QueryParam("from") java.time.LocalDate from,
                                  @jakarta.ws.rs.QueryParam("limit") @jakarta.ws.rs.DefaultValue("100") @Min(1) @Max(500) int limit) {
        java.time.LocalDate since = from != null ? from : sessions.today();
        return sessions.planned(CallerScope.of(identity).subtree(county), since, limit).stream().map(this::view).toList();
    }

    @GET
    @Path("{sessionId}")
    @RolesAllowed({Roles.CLERK, Roles.SUPERVISOR, Roles.LEADER, Roles.AUDITOR})
    @Transactional
    public SessionView get(@PathParam("sessionId") UUID sessionId) {
        return view(inScope(sessionId));
    }

    @POST
    @Path("{sessionId}/publication")
    @Consumes(MediaType.WILDCARD) // no body
    @RolesAllowed(Roles.SUPERVISOR)
    @Transactional
    @Operation(summary = "Announce the session (公示); refused (422) later than the publication lead (7 days) before it starts")
    public SessionView publish(@PathParam("sessionId") UUID sessionId) {
        inScope(sessionId);
        return view(sessions.publish(sessionId));
    }

    @POST
    @Path("{sessionId}/opening")
    @Consumes(MediaType.WILDCARD) // no body
    @RolesAllowed({Roles.CLERK, Roles.SUPERVISOR})
    @Transactional
    @Operation(summary = "Open the announced session on its day in China, from intake.reception.open-grace (2 h) before "
            + "it starts: tickets can be taken; 409 earlier (the detail says when it can open) or after its day")
    public SessionView open(@PathParam("sessionId") UUID sessionId) {
        inScope(sessionId);
        return view(sessions.open(sessionId));
    }

    @POST
    @Path("{sessionId}/tickets")
    @Consumes(MediaType.WILDCARD) // no body
    @RolesAllowed(Roles.CLERK)
    @Transactional
    @Operation(summary = "A visitor arrives: issue the next numbered ticket (取号)")
    public Response issueTicket(@PathParam("sessionId") UUID sessionId, @HeaderParam(IdempotencyKeys.HEADER) String key,
                                SecurityContext security) {
        inScope(sessionId);
        return IdempotentResponses.of(idempotency.once(
                IdempotentResponses.scope(security, "POST /reception-sessions/" + sessionId + "/tickets"), key, sessionId,
                () -> new IdempotencyKeys.Outcome(201, null,
                        IdempotentResponses.json(mapper, TicketView.of(sessions.issueTicket(sessionId)))),
                replay -> replay));
    }

    @GET
    @Path("{sessionId}/queue")
    @RolesAllowed({Roles.CLERK, Roles.SUPERVISOR})
    @Transactional
    @Operation(summary = "Tickets waiting, in the order they will be called (carried-over first)")
    public List<TicketView> queue(@PathParam("sessionId") UUID sessionId) {
        inScope(sessionId);
        return sessions.waiting(sessionId).stream().map(TicketView::of).toList();
    }

    @POST
    @Path("{sessionId}/desks/{desk}/next-ticket")
    @Consumes(MediaType.WILDCARD) // no body
    @RolesAllowed(Roles.CLERK)
    @Transactional
    @Operation(summary = "Call the next visitor to this desk (叫号); 204 when nobody waits. Concurrent desks never get "
            + "the same ticket; a desk whose called visitor is still there gets that ticket again, never a second one")
    public Response callNext(@PathParam("sessionId") UUID sessionId, @PathParam("desk") @Min(1) @Max(SessionRequests.HARD_MAX_DESKS) int desk) {
        inScope(sessionId);
        return sessions.callNext(sessionId, desk)
                .map(ticket -> Response.ok(TicketView.of(ticket)).build())
                .orElseGet(() -> Response.noContent().build());
    }

    @POST
    @Path("{sessionId}/tickets/{ticketId}/return")
    @Consumes(MediaType.WILDCARD) // no body
    @RolesAllowed(Roles.CLERK)
    @Transactional
    @Operation(summary = "The called visitor stepped away: back to the queue with the same number")
    public TicketView returnTicket(@PathParam("sessionId") UUID sessionId, @PathParam("ticketId") UUID ticketId) {
        inScope(sessionId);
        return TicketView.of(sessions.returnToQueue(sessionId, ticketId));
    }

    @POST
    @Path("{sessionId}/tickets/{ticketId}/registration")
    @RolesAllowed(Roles.CLERK)
    @Operation(summary = "Register the called visitor's petition (来访登记); receivedByLeader flags a visit the leader received in person")
    public Response registerVisit(@PathParam("sessionId") UUID sessionId, @PathParam("ticketId") UUID ticketId,
                                  @Valid @NotNull PetitionRequests.RegisterVisit body,
                                  @HeaderParam(IdempotencyKeys.HEADER) String key, SecurityContext security) {
        inScope(sessionId);
        IdempotencyKeys.checkFormat(key);
        String clerk = security.getUserPrincipal().getName();
        PetitionRegistration.Receipt receipt = registration.registerOnce(
                IdempotentResponses.scope(security, "POST /reception-sessions/tickets/" + ticketId + "/registration"),
                key, body, () -> sessions.registerVisit(sessionId, ticketId, session ->
                        NewPetition.of(Channel.WALK_IN,
                                        PetitionInputs.matter(body.categoryCode(), body.locationCode(), body.summary(), body.content()),
                                        PetitionInputs.person(body.petitioner()), clerk)
                                .speakingFor(PetitionInputs.group(body.personCount(), body.representatives()))
                                .accusing(PetitionInputs.accused(body.accused()))
                                .atReception(new NewPetition.ReceptionVisit(session.id,
                                        Boolean.TRUE.equals(body.receivedByLeader()) ? session.leaderName : null))));
        return IdempotentResponses.receipt(receipt, "/petitions/" + receipt.petition().id);
    }

    @POST
    @Path("{sessionId}/closing")
    @Consumes(MediaType.WILDCARD) // no body
    @RolesAllowed({Roles.CLERK, Roles.SUPERVISOR})
    @Transactional
    @Operation(summary = "Close the session: reports the tickets carried over to the next morning; 409 while a desk holds a called ticket")
    public ReceptionSessions.ClosingReport close(@PathParam("sessionId") UUID sessionId) {
        inScope(sessionId);
        return sessions.close(sessionId);
    }

    /**
     * The session, when it is in the caller's jurisdiction; 403 otherwise, and without a jurisdiction (sessions are
     * public announcements, so refusing does not reveal anything a 404 would hide).
     */
    private ReceptionSession inScope(UUID sessionId) {
        ReceptionSession session = sessions.find(sessionId);
        CallerScope.of(identity).subtree(session.countyCode);
        return session;
    }

    private SessionView view(ReceptionSession session) {
        return SessionView.of(session, divisions.nameOf(session.countyCode).orElse(null));
    }
}

package gov.petitions.notification.rest;

import gov.petitions.notification.repository.MessageRepository;
import gov.petitions.platform.problem.ProblemException;
import gov.petitions.platform.security.CallerScope;
import gov.petitions.platform.security.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.bson.Document;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.OffsetDateTime;
import java.util.Date;
import java.util.List;
import java.util.UUID;

/**
 * The messages sent about a petition. Auditors, other services and the operators (admin, who resend) read every
 * message; supervisors and clerks those of petitions within the jurisdiction of their token, handlers those of the
 * petitions their unit holds, neither those that accuse them (recusal). A token without its claim sees nothing, and
 * so does anyone but the province-wide readers for a message without a petition (digests, hot-spot alerts) or of a
 * petition whose location is not known here.
 */
@Path("/messages")
@Tag(name = "Messages")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.SUPERVISOR, Roles.AUDITOR, Roles.SERVICE, Roles.CLERK, Roles.ADMIN, Roles.HANDLER})
public class MessageResource {

    private final MessageRepository messages;
    private final gov.petitions.notification.service.Notifier notifier;
    private final SecurityIdentity identity;

    public MessageResource(MessageRepository messages, gov.petitions.notification.service.Notifier notifier,
                           SecurityIdentity identity) {
        this.messages = messages;
        this.notifier = notifier;
        this.identity = identity;
    }

    private boolean maySeePetition(String petitionId) {
        CallerScope caller = CallerScope.of(identity);
        if (caller.seesWholeProvince() || caller.has(Roles.ADMIN)) {
            return true;
        }
        return messages.scope(petitionId).map(caller::maySee).orElse(false);
    }

    @jakarta.ws.rs.POST
    @Path("{messageId}/resend")
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Send a dead or failed message again (operator)")
    public MessageView resend(UUID messageId) {
        return MessageView.of(notifier.resend(messageId.toString()));
    }

    /** destination is masked (138****5678); durationMs shows a slow channel. */
    public record AttemptView(OffsetDateTime at, String outcome, String destination, String error, Long durationMs) {
    }

    public record MessageView(String messageId, String petitionId, String sourceEventId, String recipientKind,
                              String recipientRef, String channel, String template, Integer templateVersion,
                              String subject, String text, String status, List<AttemptView> attempts,
                              OffsetDateTime nextAttemptAt, OffsetDateTime createdAt) {
        static MessageView of(Document d) {
            return new MessageView(d.getString("_id"), d.getString("petitionId"), d.getString("eventId"),
                    d.getString("recipientKind"), d.getString("recipientRef"), d.getString("channel"),
                    d.getString("template"), d.getInteger("templateVersion"), d.getString("subject"), d.getString("text"),
                    d.getString("status"),
                    d.getList("attempts", Document.class, List.of()).stream()
                            .map(a -> new AttemptView(time(a.getDate("at")), a.getString("outcome"),
                                    a.getString("destination"), a.getString("error"), a.getLong("durationMs")))
                            .toList(),
                    "FAILED".equals(d.getString("status")) ? time(d.getDate("nextAttemptAt")) : null,
                    time(d.getDate("createdAt")));
        }
    }

    @GET
    @Operation(summary = "Every message sent about a petition, with its delivery attempts")
    public List<MessageView> byPetition(@QueryParam("petitionId") @NotNull UUID petitionId) {
        if (!maySeePetition(petitionId.toString())) {
            return List.of();
        }
        return messages.byPetition(petitionId.toString()).stream().map(MessageView::of).toList();
    }

    @GET
    @Path("{messageId}")
    @Operation(summary = "One message with its delivery attempts (when, by which masked destination, what went wrong)")
    public MessageView get(UUID messageId) {
        return messages.find(messageId.toString()).filter(m -> maySeePetition(m.getString("petitionId")))
                .map(MessageView::of).orElseThrow(() -> ProblemException.notFound("Message", "No message with id " + messageId));
    }

    private static OffsetDateTime time(Date date) {
        // as a person in China reads it (+08:00)
        return date == null ? null : gov.petitions.platform.time.ChinaTime.inChina(date.toInstant());
    }
}

package gov.petitions.notification.rest;

import gov.petitions.notification.domain.AttemptOutcome;
import gov.petitions.notification.domain.Channel;
import gov.petitions.notification.domain.MessageStatus;
import gov.petitions.notification.domain.RecipientKind;
import gov.petitions.notification.repository.Attempt;
import gov.petitions.notification.repository.Message;
import gov.petitions.notification.repository.Messages;
import gov.petitions.notification.repository.Petitions;
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
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.OffsetDateTime;
import java.time.Instant;
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

    private final Messages messages;
    private final Petitions petitions;
    private final gov.petitions.notification.service.Notifier notifier;
    private final SecurityIdentity identity;

    public MessageResource(Messages messages, Petitions petitions, gov.petitions.notification.service.Notifier notifier,
                           SecurityIdentity identity) {
        this.petitions = petitions;
        this.messages = messages;
        this.notifier = notifier;
        this.identity = identity;
    }

    private boolean maySeePetition(String petitionId) {
        CallerScope caller = CallerScope.of(identity);
        if (caller.seesWholeProvince() || caller.has(Roles.ADMIN)) {
            return true;
        }
        return petitions.scope(petitionId).map(caller::maySee).orElse(false);
    }

    @jakarta.ws.rs.POST
    @Path("{messageId}/resend")
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Send a dead or failed message again (operator)")
    public MessageView resend(UUID messageId) {
        return MessageView.of(notifier.resend(messageId.toString()));
    }

    /** destination is masked (138****5678); durationMs shows a slow channel. */
    public record AttemptView(OffsetDateTime at, AttemptOutcome outcome, String destination, String error,
                              Long durationMs) {
        static AttemptView of(Attempt a) {
            return new AttemptView(time(a.at()), a.outcome(), a.destination(), a.error(), a.durationMs());
        }
    }

    public record MessageView(String messageId, String petitionId, String sourceEventId, RecipientKind recipientKind,
                              String recipientRef, Channel channel, String template, Integer templateVersion,
                              String subject, String text, MessageStatus status, List<AttemptView> attempts,
                              OffsetDateTime nextAttemptAt, OffsetDateTime createdAt) {
        static MessageView of(Message m) {
            return new MessageView(m.id(), m.petitionId(), m.eventId(), m.recipientKind(), m.recipientRef(),
                    m.channel(), m.template(), m.templateVersion(), m.subject(), m.text(), m.status(),
                    m.attempts().stream().map(AttemptView::of).toList(),
                    m.status() == MessageStatus.FAILED ? time(m.nextAttemptAt()) : null, time(m.createdAt()));
        }
    }

    @GET
    @Operation(summary = "Every message sent about a petition, with its delivery attempts")
    public List<MessageView> byPetition(@QueryParam("petitionId") @NotNull UUID petitionId) {
        if (!maySeePetition(petitionId.toString())) {
            return List.of();
        }
        return messages.ofPetition(petitionId.toString()).stream().map(MessageView::of).toList();
    }

    @GET
    @Path("{messageId}")
    @Operation(summary = "One message with its delivery attempts (when, by which masked destination, what went wrong)")
    public MessageView get(UUID messageId) {
        return messages.find(messageId.toString()).filter(m -> maySeePetition(m.petitionId()))
                .map(MessageView::of).orElseThrow(() -> ProblemException.notFound("Message", "No message with id " + messageId));
    }

    private static OffsetDateTime time(Instant instant) {
        // as a person in China reads it (+08:00)
        return instant == null ? null : gov.petitions.platform.time.ChinaTime.inChina(instant);
    }
}

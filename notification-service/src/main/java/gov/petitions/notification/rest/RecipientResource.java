package gov.petitions.notification.rest;

import gov.petitions.notification.repository.Recipient;
import gov.petitions.notification.repository.RecipientRepository;
import gov.petitions.notification.service.WebhookAddressPolicy;
import gov.petitions.platform.problem.ProblemException;
import gov.petitions.platform.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.net.URI;

/**
 * Agencies' delivery endpoints: a unit (by unit code), a supervisors' office (supervisors-3413) or a leader
 * registers a signed webhook and/or an email address. The webhook secret is write-only: never shown again. A
 * webhook URL must reach a public address ({@link WebhookAddressPolicy}), or a range an operator allowed.
 */
@Path("/recipients/{ref}")
@Tag(name = "Recipients")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
public class RecipientResource {

    private final RecipientRepository recipients;
    private final WebhookAddressPolicy policy;

    public RecipientResource(RecipientRepository recipients, WebhookAddressPolicy policy) {
        this.recipients = recipients;
        this.policy = policy;
    }

    public record WebhookRegistration(@NotBlank @Size(max = 500) @Pattern(regexp = "^https?://\\S+$") String url,
                                      @NotBlank @Size(min = 16, max = 200) String secret) {
    }

    public record EmailRegistration(@NotBlank @Email @Size(max = 200) String address) {
    }

    public record RecipientView(String ref, String email, String webhookUrl) {
        static RecipientView of(Recipient r) {
            return new RecipientView(r.ref(), r.email(), r.webhookEndpoint().map(Recipient.Webhook::url).orElse(null));
        }
    }

    @PUT
    @Path("webhook")
    @Operation(summary = "Register (or replace) the agency's signed webhook endpoint")
    public RecipientView registerWebhook(@PathParam("ref") @Pattern(regexp = "^[A-Za-z0-9][A-Za-z0-9-]{1,63}$") String ref,
                                         @Valid @NotNull WebhookRegistration registration) {
        try {
            // checked again at every send: what the name resolves to may change
            policy.resolve(URI.create(registration.url()));
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("invalid-webhook-url", "The webhook URL is not valid",
                    "The URL cannot be read: give it as https://host[:port]/path");
        } catch (WebhookAddressPolicy.Refused e) {
            throw ProblemException.badRequest("webhook-address-refused", "The webhook address is not allowed",
                    e.getMessage());
        }
        recipients.setWebhook(ref, registration.url(), registration.secret());
        return get(ref);
    }

    @DELETE
    @Path("webhook")
    @Operation(summary = "Stop sending to the agency's webhook")
    public RecipientView removeWebhook(@PathParam("ref") String ref) {
        recipients.removeWebhook(ref);
        return get(ref);
    }

    @PUT
    @Path("email")
    @Operation(summary = "Register (or replace) the agency's email address")
    public RecipientView registerEmail(@PathParam("ref") @Pattern(regexp = "^[A-Za-z0-9][A-Za-z0-9-]{1,63}$") String ref,
                                       @Valid @NotNull EmailRegistration registration) {
        recipients.setEmail(ref, registration.address());
        return get(ref);
    }

    @DELETE
    @Path("email")
    @Operation(summary = "Stop sending email to the agency")
    public RecipientView removeEmail(@PathParam("ref") String ref) {
        recipients.removeEmail(ref);
        return get(ref);
    }

    @GET
    @Operation(summary = "Where the agency is reached (the webhook secret is not shown)")
    public RecipientView get(@PathParam("ref") String ref) {
        return recipients.find(ref).map(RecipientView::of)
                .orElseThrow(() -> ProblemException.notFound("Recipient", "Nothing is registered for " + ref));
    }
}

package gov.petitions.notification.service;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import gov.petitions.notification.config.NotificationConfig;
import gov.petitions.notification.service.DeliveryChannel.ChannelFailure;
import gov.petitions.platform.security.ServiceTokens;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * A petitioner's contact details, asked of intake-service at the moment of sending (intake audits every
 * read with the purpose given). The answer lives only on the sending thread's stack: it is never stored,
 * cached or logged; what is stored is {@link Masks its masked form}.
 */
@ApplicationScoped
public class ContactLookup {

    public record Contact(String name, String phone, String email, String address) {
    }

    /** Why a contact is read: intake accepts only these and keeps them in its access log with the petition. */
    public enum Purpose {
        /** The receipt (受理告知) by SMS. */
        RECEIPT,
        /** A notice on the case's progress by SMS. */
        STATUS_NOTICE,
        /** A written decision queued as a letter (its addressee's masked name). */
        REPLY_LETTER,
        /** A clerk downloads a queued letter with the addressee's name and address. */
        LETTER_PRINT
    }

    private final NotificationConfig.Intake config;
    private final ObjectMapper mapper;
    private final HttpClient http;
    private final ServiceTokens serviceTokens;

    public ContactLookup(NotificationConfig config, ObjectMapper mapper, ServiceTokens serviceTokens) {
        this.serviceTokens = serviceTokens;
        this.config = config.intake();
        this.mapper = mapper.copy().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        this.http = HttpClient.newBuilder().connectTimeout(this.config.timeout()).build();
    }

    public boolean configured() {
        return config.url().isPresent();
    }

    /**
     * @param petitionId the petition the contact is read for; intake records it with the read and answers only for a
     *                   petition of this petitioner
     */
    public Contact reveal(String petitionerRef, String petitionId, Purpose purpose) {
        URI base = config.url().orElseThrow(() -> new ChannelFailure("no intake URL configured for contact look-ups"));
        String root = base.toString().endsWith("/") ? base.toString() : base + "/";
        URI uri = URI.create(root + "internal/petitioners/" + URLEncoder.encode(petitionerRef, StandardCharsets.UTF_8)
                + "/contact?purpose=" + purpose.name()
                + "&petitionId=" + URLEncoder.encode(String.valueOf(petitionId), StandardCharsets.UTF_8));
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(config.timeout())
                .header("Accept", "application/json").GET();
        try {
            request.header("Authorization", "Bearer " + serviceTokens.bearer());
        } catch (ServiceTokens.ServiceIdentityException e) {
            throw new ChannelFailure("contact look-up: " + e.getMessage());
        }
        HttpResponse<byte[]> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (HttpTimeoutException e) {
            throw new ChannelFailure("contact look-up: intake did not answer within " + config.timeout());
        } catch (IOException e) {
            throw new ChannelFailure("contact look-up: intake unreachable (" + e.getClass().getSimpleName() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ChannelFailure("contact look-up interrupted");
        }
        if (response.statusCode() != 200) {
            // the body is not quoted: a problem detail could echo what was asked
            throw new ChannelFailure("contact look-up: intake answered HTTP " + response.statusCode());
        }
        try {
            return mapper.readValue(response.body(), Contact.class);
        } catch (IOException e) {
            throw new ChannelFailure("contact look-up: intake's answer is not a contact");
        }
    }
}

package gov.petitions.notification.service;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import gov.petitions.notification.config.NotificationConfig;
import gov.petitions.notification.service.DeliveryChannel.ChannelFailure;
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

    private final NotificationConfig.Intake config;
    private final ObjectMapper mapper;
    private final HttpClient http;

    public ContactLookup(NotificationConfig config, ObjectMapper mapper) {
        this.config = config.intake();
        this.mapper = mapper.copy().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        this.http = HttpClient.newBuilder().connectTimeout(this.config.timeout()).build();
    }

    public boolean configured() {
        return config.url().isPresent();
    }

    public Contact reveal(String petitionerRef, String purpose) {
        URI base = config.url().orElseThrow(() -> new ChannelFailure("no intake URL configured for contact look-ups"));
        String root = base.toString().endsWith("/") ? base.toString() : base + "/";
        URI uri = URI.create(root + "internal/petitioners/" + URLEncoder.encode(petitionerRef, StandardCharsets.UTF_8)
                + "/contact?purpose=" + URLEncoder.encode(purpose, StandardCharsets.UTF_8));
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(config.timeout())
                .header("Accept", "application/json").GET();
        config.token().ifPresent(token -> request.header("Authorization", "Bearer " + token));
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

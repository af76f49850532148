package gov.petitions.notification.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import gov.petitions.notification.config.NotificationConfig;
import gov.petitions.notification.repository.RecipientRepository;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A signed POST to the endpoint an agency registered for itself. Headers: {@code X-Petitions-Timestamp}
 * (epoch seconds), {@code X-Petitions-Signature: sha256=<hex HMAC-SHA256 of "timestamp.body" with the
 * endpoint's secret>}, {@code X-Petitions-Message-Id} (the same on every retry, for the receiver's dedup).
 */
@ApplicationScoped
public class WebhookChannel implements DeliveryChannel {

    public static final String NAME = "WEBHOOK";

    private final RecipientRepository recipients;
    private final NotificationConfig.Webhook config;
    private final ObjectMapper mapper;
    private final HttpClient http;

    public WebhookChannel(RecipientRepository recipients, NotificationConfig config, ObjectMapper mapper) {
        this.recipients = recipients;
        this.config = config.webhook();
        this.mapper = mapper;
        this.http = HttpClient.newBuilder().connectTimeout(this.config.timeout()).build();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String send(Outgoing message) {
        RecipientRepository.Webhook endpoint = recipients.webhook(message.recipientRef())
                .orElseThrow(() -> new ChannelFailure("no webhook registered for the recipient any more"));
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("messageId", message.messageId());
        payload.put("petitionId", message.petitionId());
        payload.put("template", message.template());
        payload.put("recipientKind", message.recipientKind());
        payload.put("recipientRef", message.recipientRef());
        payload.put("subject", message.subject());
        payload.put("text", message.text());
        payload.put("sentAt", OffsetDateTime.now(ZoneOffset.UTC).toString());
        byte[] body;
        try {
            body = mapper.writeValueAsBytes(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        String timestamp = Long.toString(System.currentTimeMillis() / 1000);
        URI url = URI.create(endpoint.url());
        HttpRequest request = HttpRequest.newBuilder(url).timeout(config.timeout())
                .header("Content-Type", "application/json; charset=utf-8")
                .header("X-Petitions-Timestamp", timestamp)
                .header("X-Petitions-Signature", "sha256=" + Signatures.sign(endpoint.secret(), timestamp, body))
                .header("X-Petitions-Message-Id", message.messageId())
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        int status;
        try {
            status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (HttpTimeoutException e) {
            throw new ChannelFailure("webhook did not answer within " + config.timeout());
        } catch (IOException e) {
            throw new ChannelFailure("webhook unreachable (" + e.getClass().getSimpleName() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ChannelFailure("webhook call interrupted");
        }
        if (status / 100 != 2) {
            throw new ChannelFailure("webhook answered HTTP " + status);
        }
        return Masks.url(url);
    }
}

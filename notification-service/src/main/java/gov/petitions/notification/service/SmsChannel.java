package gov.petitions.notification.service;

import gov.petitions.notification.domain.Channel;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import gov.petitions.notification.config.NotificationConfig;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * SMS through the provider's HTTP gateway: a JSON POST signed with HMAC-SHA256 over "timestamp.body"
 * (header {@code notification.sms.signature-header}, timestamp in {@code X-Timestamp}). The phone number is
 * asked of intake right before the call and exists only in this method's request body.
 */
@ApplicationScoped
public class SmsChannel implements DeliveryChannel {

    private final NotificationConfig.Sms config;
    private final ContactLookup contacts;
    private final ObjectMapper mapper;
    private final HttpClient http;

    public SmsChannel(NotificationConfig config, ContactLookup contacts, ObjectMapper mapper) {
        this.config = config.sms();
        this.contacts = contacts;
        this.mapper = mapper;
        this.http = HttpClient.newBuilder().connectTimeout(this.config.timeout()).build();
    }

    @Override
    public Channel channel() {
        return Channel.SMS;
    }

    public boolean configured() {
        return config.url().isPresent();
    }

    @Override
    public String send(Outgoing message) {
        ContactLookup.Contact contact = contacts.reveal(message.recipientRef(), message.petitionId(),
                Notifier.RECEIPT_TEMPLATE.equals(message.template()) ? ContactLookup.Purpose.RECEIPT
                        : ContactLookup.Purpose.STATUS_NOTICE);
        if (contact.phone() == null || contact.phone().isBlank()) {
            throw new ChannelFailure("the petitioner gave no phone number");
        }
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("account", config.account());
        payload.put("messageId", message.messageId());
        payload.put("to", contact.phone());
        payload.put("text", message.text());
        byte[] body;
        try {
            body = mapper.writeValueAsBytes(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        String timestamp = Long.toString(System.currentTimeMillis() / 1000);
        HttpRequest.Builder request = HttpRequest.newBuilder(config.url().orElseThrow()).timeout(config.timeout())
                .header("Content-Type", "application/json; charset=utf-8")
                .header("X-Account", config.account())
                .header("X-Timestamp", timestamp)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        config.secret().ifPresent(secret -> request.header(config.signatureHeader(), Signatures.sign(secret, timestamp, body)));
        int status;
        try {
            status = http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (HttpTimeoutException e) {
            throw new ChannelFailure("SMS gateway did not answer within " + config.timeout());
        } catch (IOException e) {
            throw new ChannelFailure("SMS gateway unreachable (" + e.getClass().getSimpleName() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ChannelFailure("SMS send interrupted");
        }
        if (status / 100 != 2) {
            throw new ChannelFailure("SMS gateway answered HTTP " + status);
        }
        return Masks.phone(contact.phone());
    }
}

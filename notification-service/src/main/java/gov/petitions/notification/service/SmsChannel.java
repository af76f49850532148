package gov.petitions.notification.service;

import gov.petitions.notification.domain.Channel;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import gov.petitions.platform.client.CallFailure;
import gov.petitions.notification.client.SmsGateway;
import gov.petitions.notification.config.NotificationConfig;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.FaultToleranceException;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * SMS through the provider's HTTP gateway: a JSON POST signed with HMAC-SHA256 over "timestamp.body"
 * (header {@code notification.sms.signature-header}, timestamp in {@code X-Timestamp}). The phone number is
 * asked of intake right before the call and exists only in this method's request body. The call, its time-out and
 * circuit breaker, is {@link SmsGateway}'s.
 */
@ApplicationScoped
public class SmsChannel implements DeliveryChannel {

    private final NotificationConfig.Sms config;
    private final ContactLookup contacts;
    private final ObjectMapper mapper;
    private final SmsGateway gateway;

    public SmsChannel(NotificationConfig config, ContactLookup contacts, ObjectMapper mapper, SmsGateway gateway) {
        this.config = config.sms();
        this.contacts = contacts;
        this.mapper = mapper;
        this.gateway = gateway;
    }

    @Override
    public Channel channel() {
        return Channel.SMS;
    }

    public boolean configured() {
        return gateway.configured();
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
        // real time, not the injected clock: the gateway checks the signed timestamp against its own clock, and the
        // platform's clock may be moved (tests, petitions.clock.start)
        String timestamp = Long.toString(System.currentTimeMillis() / 1000);
        String signature = config.secret().map(secret -> Signatures.sign(secret, timestamp, body)).orElse(null);
        try {
            gateway.send(config.account(), timestamp, signature, body);
        } catch (CallFailure e) {
            throw new ChannelFailure(e.getMessage());
        } catch (CircuitBreakerOpenException e) {
            throw new ChannelFailure("SMS gateway is failing, not sent to for a while (circuit open)");
        } catch (FaultToleranceException e) {
            throw new ChannelFailure("SMS gateway did not answer in time");
        }
        return Masks.phone(contact.phone());
    }
}

package gov.petitions.notification.service;

/** A way to reach a recipient. SMS, email, postal letter and webhooks come as further implementations. */
public interface DeliveryChannel {

    String name();

    /**
     * Sends the text; throws if the channel refused it (the message is then retried).
     *
     * @param recipientRef a pseudonymous reference; a real channel resolves contact details at send time
     */
    void send(String messageId, String recipientRef, String text);
}

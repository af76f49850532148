package gov.petitions.notification.service;

import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The channel of the walking skeleton: writes that a message went out, not what it said nor to whom
 * in clear (the recipient is only a pseudonymous reference; no PII ever reaches a log).
 */
@ApplicationScoped
public class LogChannel implements DeliveryChannel {

    @Override
    public String name() {
        return "LOG";
    }

    @Override
    public void send(String messageId, String recipientRef, String text) {
        Log.infof("Delivered message %s to recipient %s… (%d characters)", messageId,
                recipientRef.substring(0, 8), text.length());
    }
}

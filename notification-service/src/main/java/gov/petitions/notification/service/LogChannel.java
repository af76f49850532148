package gov.petitions.notification.service;

import gov.petitions.notification.domain.Channel;

import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The development channel: writes that a message went out, not what it said nor to whom in clear
 * (the recipient is only a pseudonymous reference; no PII ever reaches a log).
 */
@ApplicationScoped
public class LogChannel implements DeliveryChannel {

    @Override
    public Channel channel() {
        return Channel.LOG;
    }

    @Override
    public String send(Outgoing message) {
        String ref = message.recipientRef();
        Log.infof("Delivered message %s to recipient %s… (%d characters)", message.messageId(),
                ref.substring(0, Math.min(8, ref.length())), message.text().length());
        return "log";
    }
}

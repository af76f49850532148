package gov.petitions.notification.service;

import gov.petitions.notification.domain.Channel;
import gov.petitions.notification.domain.RecipientKind;
import gov.petitions.notification.repository.Message;

/** A way to reach a recipient: SMS, email, a signed webhook, a printed letter, or the log (development). */
public interface DeliveryChannel {

    Channel channel();

    /**
     * Sends one message; throws {@link ChannelFailure} if the channel refused it or did not answer in time
     * (the message is then retried). Contact details are looked up here, at send time, and never kept.
     *
     * @return the destination in masked form (138****5678, h***@unit.gov.cn), stored with the attempt
     */
    String send(Outgoing message);

    /**
     * What a channel needs of a stored message. {@code templateVersion} and {@code data} (the event's data the text was
     * rendered with, never personal data) let a channel render the text again with what it learns at send time.
     */
    record Outgoing(String messageId, String petitionId, RecipientKind recipientKind, String recipientRef,
                    String template, String subject, String text, Integer templateVersion,
                    java.util.Map<String, Object> data) {

        /** What the channel of a stored message is given. */
        public static Outgoing of(Message message) {
            return new Outgoing(message.id(), message.petitionId(), message.recipientKind(), message.recipientRef(),
                    message.template(), message.subject(), message.text(), message.templateVersion(),
                    message.letterData() == null ? java.util.Map.of() : message.letterData());
        }
    }

    /** A refusal whose message is safe to store and log: never a phone number, an address or the text. */
    class ChannelFailure extends RuntimeException {
        public ChannelFailure(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * A refusal that no retry can mend (the message would go out wrong): the message is dead at once, with this
     * reason, until an operator resends it. Same rule for its text as {@link ChannelFailure}.
     */
    class PermanentFailure extends ChannelFailure {
        public PermanentFailure(String message) {
            super(message);
        }
    }
}

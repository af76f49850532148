package gov.petitions.notification.service;

/** A way to reach a recipient: SMS, email, a signed webhook, a printed letter, or the log (development). */
public interface DeliveryChannel {

    String name();

    /**
     * Sends one message; throws {@link ChannelFailure} if the channel refused it or did not answer in time
     * (the message is then retried). Contact details are looked up here, at send time, and never kept.
     *
     * @return the destination in masked form (138****5678, h***@unit.gov.cn), stored with the attempt
     */
    String send(Outgoing message);

    /** What a channel needs of a stored message. */
    record Outgoing(String messageId, String petitionId, String recipientKind, String recipientRef, String template,
                    String subject, String text) {
    }

    /** A refusal whose message is safe to store and log: never a phone number, an address or the text. */
    class ChannelFailure extends RuntimeException {
        public ChannelFailure(String message) {
            super(message, null, false, false);
        }
    }
}

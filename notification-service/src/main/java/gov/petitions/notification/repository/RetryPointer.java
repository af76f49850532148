package gov.petitions.notification.repository;

import gov.petitions.notification.domain.MessageStatus;

import java.time.Instant;

/**
 * A small pointer (collection {@code retries}) to an active message, due when someone must look at it: the end of a
 * lease (a worker died), the next attempt, or an outcome not yet told. It goes once the final outcome is told.
 *
 * @param generation   the message's {@code resendBase} when the pointer was made: a resend makes a new one
 * @param publishedSeq the latest failed outcome told (only ever upwards)
 */
public record RetryPointer(String id, String messageId, int generation, Instant nextAttemptAt, int publishedSeq) {

    static RetryPointer of(Message message, Instant due) {
        return new RetryPointer(message.pointerId(), message.id(), message.resendBase(), due, 0);
    }

    /** A pointer left from before a resend (the message moved on to a new generation). */
    public boolean isStaleFor(Message message) {
        return generation != message.resendBase();
    }

    /** Whether the message's latest outcome may not have been told yet. */
    public boolean outcomeUntold(Message message) {
        if (message.isFinal()) {
            return true; // its pointer goes once the outcome is told
        }
        return message.status() == MessageStatus.FAILED && message.outcomeSeq() > publishedSeq;
    }
}

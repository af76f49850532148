package gov.petitions.notification.repository;

import gov.petitions.notification.domain.Channel;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** What the event handlers, the letter channel and the REST layer need of stored messages. */
public interface Messages {

    /**
     * Stores messages that carry their claim ({@link Message#claimedNew}), with their retry pointers, in two writes
     * whatever their number: if the process dies after this, the retry scan of any replica sends them once their
     * leases run out.
     *
     * @return those of them that were stored before (same event, recipient and channel), as given
     */
    List<Message> storeClaimed(List<Message> claimed);

    /** Gives a message found stored (a redelivered event) a retry pointer, should it lack one. */
    void ensurePointer(Message message);

    Optional<Message> find(String messageId);

    Optional<Message> find(String eventId, String recipientRef, Channel channel);

    /** Every message about a petition, oldest first. */
    List<Message> ofPetition(String petitionId);

    /** A letter's text as it was queued for printing, with its decision's text (rendered at send time). */
    void letterText(String messageId, String text);

    /**
     * An operator's resend: the history of attempts stays, the count towards the dead state starts again, and the
     * message comes back claimed by the caller until {@code leaseUntil}.
     *
     * @return the reopened message, or empty if it changed since it was read
     */
    Optional<Message> reopen(Message message, Instant leaseUntil);
}

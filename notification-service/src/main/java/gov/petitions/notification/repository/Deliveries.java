package gov.petitions.notification.repository;

import gov.petitions.notification.domain.MessageStatus;

import java.time.Instant;
import java.util.Optional;

/**
 * What a worker sending a message needs: taking, keeping and giving back its claim, and recording an attempt. Every
 * write is conditional on the claim the worker holds, so two workers (or replicas) never both record.
 */
public interface Deliveries {

    /**
     * Takes a message until {@code leaseUntil}, if nobody changed its claim since it was read.
     *
     * @return the message as claimed, or empty if someone else was quicker
     */
    Optional<Message> claim(Message message, Instant leaseUntil);

    /** @return the new claim stamp, or empty if the claim ran out and another worker took the message */
    Optional<String> renewClaim(String claim, Instant leaseUntil);

    /** Gives a claim back, to be taken again from {@code at} on (by the retry scan of any replica). */
    void release(String claim, Message message, Instant at);

    /**
     * The final outcome (DELIVERED or DEAD). The message keeps its retry pointer until the outcome is told.
     *
     * @return the message as recorded, without its texts (subject, text and letter data are null: telling the outcome
     * needs none of them), or empty if the claim was no longer this worker's
     */
    Optional<Message> recordFinal(String claim, MessageStatus status, Attempt attempt, int attempts, Instant finishedAt);

    /**
     * A failed attempt with more to come (told as notification.failed with final=false), retried at nextAttemptAt.
     *
     * @return the message as recorded, without its texts (as {@link #recordFinal}), or empty if the claim was no longer
     * this worker's
     */
    Optional<Message> recordFailure(String claim, Attempt attempt, int attempts, Instant nextAttemptAt);
}

package gov.petitions.notification.repository;

import gov.petitions.notification.domain.MessageStatus;

import java.time.Instant;
import java.util.List;
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
     * Final outcomes (DELIVERED or DEAD) of messages this worker holds, written together: one unordered bulk update,
     * each outcome still conditional on its own claim, so that a worker that sent a run of messages records them in one
     * round trip, not one each (notification's largest cost in the benchmark's profile, issue #20). The messages keep
     * their retry pointers until the outcomes are told.
     *
     * @return for each outcome, in order: the message as recorded, without its texts (subject, text and letter data
     * are null: telling the outcome needs none of them), or empty if its claim was no longer this worker's
     */
    List<Optional<Message>> recordFinals(List<FinalOutcome> outcomes);

    /**
     * A worker's final outcome of {@code message}, which it holds under {@code claim} (the claim it took, or renewed).
     *
     * @param attempts the attempts made so far, this one included
     */
    record FinalOutcome(Message message, String claim, MessageStatus status, Attempt attempt, int attempts,
                        Instant finishedAt) {
        public FinalOutcome {
            if (!status.isFinal()) {
                throw new IllegalArgumentException(status + " is not a final outcome");
            }
        }
    }

    /**
     * A failed attempt with more to come (told as notification.failed with final=false), retried at nextAttemptAt.
     *
     * @return the message as recorded, without its texts (as {@link #recordFinal}), or empty if the claim was no longer
     * this worker's
     */
    Optional<Message> recordFailure(String claim, Attempt attempt, int attempts, Instant nextAttemptAt);
}

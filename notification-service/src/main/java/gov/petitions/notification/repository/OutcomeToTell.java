package gov.petitions.notification.repository;

import gov.petitions.platform.relay.PendingEvent;

/**
 * A delivery outcome waiting in the outbox (collection {@code outcome_outbox}) to be told on Kafka; its document goes
 * once told. Its {@code _id} is the event id, which derives from the message and its outcome: an outcome found again
 * by the retry scan is never put in twice.
 *
 * @param position the order outcomes are told in (see {@link OutcomeOutbox})
 * @param told     the retry pointer to settle once told
 */
public record OutcomeToTell(PendingEvent event, long position, ToldOutcome told) {
}

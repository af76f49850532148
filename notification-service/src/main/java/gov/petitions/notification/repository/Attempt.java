package gov.petitions.notification.repository;

import gov.petitions.notification.domain.AttemptOutcome;

import java.time.Instant;

/**
 * One delivery attempt of a message, kept with it: when, how it ended, the masked destination (138****5678) or what
 * went wrong (a channel's own text, never personal data), and how long it took.
 */
public record Attempt(Instant at, AttemptOutcome outcome, String destination, String error, Long durationMs) {

    public static Attempt delivered(Instant at, String destination, long durationMs) {
        return new Attempt(at, AttemptOutcome.DELIVERED, destination, null, durationMs);
    }

    public static Attempt failed(Instant at, String error, long durationMs) {
        return new Attempt(at, AttemptOutcome.FAILED, null, error, durationMs);
    }
}

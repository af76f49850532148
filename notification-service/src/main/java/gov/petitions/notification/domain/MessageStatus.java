package gov.petitions.notification.domain;

/**
 * Where a stored message is: PENDING (stored, being sent), FAILED (an attempt failed, another is due at
 * {@code nextAttemptAt}), DELIVERED and DEAD (final: no more attempts unless an operator resends it), CANCELLED (its
 * case was archived while it was still pending or failing: never attempted again, nor resent).
 */
public enum MessageStatus {
    PENDING, FAILED, DELIVERED, DEAD, CANCELLED;

    /** No attempt follows (until an operator resends a dead message). */
    public boolean isFinal() {
        return this == DELIVERED || this == DEAD || this == CANCELLED;
    }

    /** Whether an operator may send it again. */
    public boolean isResendable() {
        return this == DEAD || this == FAILED;
    }
}

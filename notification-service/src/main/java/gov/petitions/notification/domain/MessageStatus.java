package gov.petitions.notification.domain;

/**
 * Where a stored message is: PENDING (stored, being sent), FAILED (an attempt failed, another is due at
 * {@code nextAttemptAt}), DELIVERED and DEAD (final: no more attempts unless an operator resends it).
 */
public enum MessageStatus {
    PENDING, FAILED, DELIVERED, DEAD;

    /** No attempt follows (until an operator resends a dead message). */
    public boolean isFinal() {
        return this == DELIVERED || this == DEAD;
    }

    /** Whether an operator may send it again. */
    public boolean isResendable() {
        return this == DEAD || this == FAILED;
    }
}

package gov.petitions.notification.domain;

/** What one delivery attempt came to. */
public enum AttemptOutcome {
    DELIVERED, FAILED
}
